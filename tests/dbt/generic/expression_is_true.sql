{#- Every row satisfies a boolean SQL expression (optionally only rows matching `where_`). -#}
{% test expression_is_true(model, expression, where_='true') %}
select *
from {{ model }}
where ({{ where_ }}) and not coalesce(({{ expression }}), false)
{% endtest %}
