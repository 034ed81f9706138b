-- A scorecard's met and missed add up to its total.
select *
from {{ ref('fct_report_scorecards') }}
where indicators_total is not null
  and indicators_met + indicators_missed <> indicators_total
