{#- A primary key: not null and unique, checked in one pass (one test node instead of two). -#}
{% test primary_key(model, column_name) %}
select {{ column_name }}, count(*) as n_rows
from {{ model }}
group by {{ column_name }}
having {{ column_name }} is null or count(*) > 1
{% endtest %}
