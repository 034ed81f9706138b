"""The Streamlit explorer: read-only pages over the warehouse marts (entry point: app/Home.py)."""
