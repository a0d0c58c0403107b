{#- on-run-start: check every var against attribution_var_specs before any
    model runs, and stop the build with one message listing every bad value
    (name, value given, what is accepted). Also refuses an unknown var whose
    name starts with `attribution_` on the command line (a typo would
    otherwise be ignored silently). Renders no SQL. -#}
{% macro attribution_validate_settings() -%}
    {%- if execute -%}
        {%- do attribution_raise_setting_problems() -%}
    {%- endif -%}
{%- endmacro %}


{#- Stop with the one message that lists every problem, when there is any.
    Called by the start-of-run check and by attribution_setting when a model
    reads a bad value while dbt parses the project, so the user sees the
    same complete list whichever comes first. -#}
{% macro attribution_raise_setting_problems() -%}
    {%- set problems = attribution_setting_problems() -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "Invalid settings, nothing was built:\n  - " ~ (problems | join("\n  - "))
            ~ "\nEvery setting and its valid values: docs/settings.md.") }}
    {%- endif -%}
{%- endmacro %}


{#- Every problem of the current settings, in words: each var against its
    spec, then (when each is valid) the rules across settings, then unknown
    attribution_* vars given on the command line. -#}
{% macro attribution_setting_problems() -%}
    {%- set problems = [] -%}
    {%- set specs = attribution_var_specs() -%}
    {%- for name in specs -%}
        {%- set checked = attribution_check_setting(name, var(name, none)) -%}
        {%- if checked['problem'] -%}{%- do problems.append(checked['problem']) -%}{%- endif -%}
    {%- endfor -%}
    {%- if not problems -%}
        {%- for rule in attribution_setting_rules() -%}
            {%- if not rule['holds'] -%}{%- do problems.append(rule['problem']) -%}{%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set given = fromyaml(invocation_args_dict.get('vars') or '{}') if invocation_args_dict.get('vars') is string
        else (invocation_args_dict.get('vars') or {}) -%}
    {%- for name in given -%}
        {%- if name is string and name.startswith('attribution_') and name not in specs -%}
            {%- do problems.append("var " ~ name ~ " is not a setting of this project (see docs/settings.md)") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems) }}
{%- endmacro %}


{#- Models that depend on a combination of settings call this, so `dbt
    compile` refuses a bad combination too. -#}
{% macro attribution_check_setting_rules() -%}
    {%- for rule in attribution_setting_rules() -%}
        {%- if not rule['holds'] -%}
            {%- do attribution_raise_setting_problems() -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}


{#- Checks across settings (each setting is valid on its own by then). -#}
{% macro attribution_setting_rules() -%}
    {%- set rules = [] -%}
    {%- for model in ['position', 'j_shaped', 'inverse_j'] -%}
        {%- set first = attribution_setting('attribution_' ~ model ~ '_first_share') -%}
        {%- set last = attribution_setting('attribution_' ~ model ~ '_last_share') -%}
        {%- do rules.append({
            'holds': first + last <= 1 + 1e-12,
            'problem': 'attribution_' ~ model ~ '_first_share + attribution_' ~ model ~ '_last_share is '
                ~ (first + last) ~ '; the two shares may sum to at most 1'}) -%}
    {%- endfor -%}
    {%- set python_models = attribution_python_models_enabled() -%}
    {%- for model in ['time_decay', 'markov', 'shapley'] -%}
        {%- do rules.append({
            'holds': python_models or attribution_setting('attribution_' ~ model ~ '_engine') == 'sql',
            'problem': 'var attribution_' ~ model ~ "_engine is 'python' but this target does not build the project's "
                ~ "Python models (target " ~ target.type ~ ", var attribution_python_models): use 'sql'"}) -%}
    {%- endfor -%}
    {%- set order = attribution_setting('attribution_markov_order') -%}
    {%- do rules.append({
        'holds': order == 1 or attribution_setting('attribution_markov_engine') == 'python',
        'problem': 'attribution_markov_order ' ~ order
            ~ " needs attribution_markov_engine: python (the SQL engine computes order 1)"}) -%}
    {%- set system = attribution_setting('attribution_source_system') -%}
    {%- do rules.append({
        'holds': system in attribution_supported_source_systems(),
        'problem': "var attribution_source_system '" ~ system ~ "' is not yet supported: use "
            ~ (attribution_supported_source_systems() | join(' or '))}) -%}
    {{ return(rules) }}
{%- endmacro %}


{#- One setting: {'value': the value to use, 'problem': text or none}.
    Timestamps and dates come back as canonical text ('YYYY-MM-DD HH:MM:SS',
    'YYYY-MM-DD') so only a validated literal ever reaches SQL. -#}
{% macro attribution_check_setting(name, value) -%}
    {%- set spec = attribution_var_specs()[name] -%}
    {%- set kind = spec['kind'] -%}
    {%- set shown = (value | tojson) if value is not none else 'null' -%}
    {%- set result = {'value': value, 'problem': none} -%}
    {%- set accepted = attribution_describe_setting(spec) -%}
    {%- if value is none or (value is string and value | trim | lower in ('', 'null', 'none') and spec.get('nullable')) -%}
        {%- do result.update({'value': none}) -%}
        {%- if not spec.get('nullable') -%}
            {%- do result.update({'problem': name ~ ' is not set; it must be ' ~ accepted}) -%}
        {%- endif -%}
        {{ return(result) }}
    {%- endif -%}
    {%- set ok = true -%}
    {%- if kind == 'boolean' -%}
        {%- set ok = value is sameas true or value is sameas false -%}
    {%- elif kind in ('integer', 'number') -%}
        {%- set ok = value is number and value is not sameas true and value is not sameas false
            and (value | abs) <= 1e300
            and (kind == 'number' or value == (value | int)) -%}
        {%- if ok -%}
            {%- set ok = (spec.get('min') is none or value >= spec['min'])
                and (spec.get('max') is none or value <= spec['max'])
                and (spec.get('above') is none or value > spec['above'])
                and (spec.get('below') is none or value < spec['below']) -%}
        {%- endif -%}
    {%- elif kind == 'choice' -%}
        {%- set ok = value is string and value in spec['values'] -%}
    {%- elif kind == 'text' -%}
        {%- set ok = value is string and modules.re.match(spec['pattern'], value) is not none -%}
    {%- elif kind in ('list_of_choice', 'list_of_text') -%}
        {#- A loop cannot rebind an outer variable in Jinja: collect the bad items. -#}
        {%- set bad_items = [] -%}
        {%- set is_list = value is sequence and value is not string and value is not mapping -%}
        {%- for item in (value if is_list else []) -%}
            {%- if not (item is string and (item in spec['values'] if kind == 'list_of_choice'
                else modules.re.match(spec['pattern'], item) is not none)) -%}
                {%- do bad_items.append(item) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set ok = is_list and not bad_items -%}
    {%- elif kind == 'path_transforms' -%}
        {%- set bad_items = attribution_bad_path_transforms(value, spec) -%}
        {%- set ok = not bad_items -%}
        {%- if not ok -%}
            {%- do result.update({'problem': name ~ ' is ' ~ shown ~ '; ' ~ (bad_items | join('; '))
                ~ '; it must be ' ~ accepted}) -%}
            {{ return(result) }}
        {%- endif -%}
    {%- elif kind in ('timestamp', 'date') -%}
        {%- set parsed = attribution_parse_setting_time(value | string, kind) -%}
        {%- set ok = parsed is not none -%}
        {%- if ok -%}{%- do result.update({'value': parsed}) -%}{%- endif -%}
    {%- endif -%}
    {%- if not ok -%}
        {%- do result.update({'problem': name ~ ' is ' ~ shown ~ '; it must be ' ~ accepted}) -%}
    {%- endif -%}
    {{ return(result) }}
{%- endmacro %}


{#- What a spec accepts, in words, for error messages. -#}
{% macro attribution_describe_setting(spec) -%}
    {%- set kind = spec['kind'] -%}
    {%- set bounds = [] -%}
    {%- if spec.get('min') is not none -%}{%- do bounds.append('>= ' ~ spec['min']) -%}{%- endif -%}
    {%- if spec.get('above') is not none -%}{%- do bounds.append('> ' ~ spec['above']) -%}{%- endif -%}
    {%- if spec.get('max') is not none -%}{%- do bounds.append('<= ' ~ spec['max']) -%}{%- endif -%}
    {%- if spec.get('below') is not none -%}{%- do bounds.append('< ' ~ spec['below']) -%}{%- endif -%}
    {%- set words = {
        'boolean': 'true or false',
        'integer': 'a whole number ' ~ (bounds | join(' and ')),
        'number': 'a finite number ' ~ (bounds | join(' and ')),
        'choice': 'one of ' ~ (spec.get('values', []) | join(', ')),
        'text': 'text matching ' ~ spec.get('pattern'),
        'list_of_choice': 'a list of ' ~ (spec.get('values', []) | join(', ')),
        'list_of_text': 'a list of names matching ' ~ spec.get('pattern'),
        'timestamp': "a UTC timestamp 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]' (an explicit offset such as +02:00 or Z is converted to UTC)",
        'date': "a date 'YYYY-MM-DD'",
        'path_transforms': 'a list of path transforms, each one of collapse_repeats, unique_channels, '
            ~ '{remove_if_not_all: [channels]}, {remove_if_last_and_not_all: [channels]}, {first_n: k}, '
            ~ '{last_n: k} (channels: a non-empty list of names matching ' ~ spec.get('pattern')
            ~ '; k: a whole number from 1 to ' ~ spec.get('max') ~ '; docs/path_transforms.md)',
    }[kind] -%}
    {{ return(words ~ (' or null' if spec.get('nullable') else '')) }}
{%- endmacro %}


{#- Text to canonical 'YYYY-MM-DD[ HH:MM:SS]' (UTC), or none when it is not a
    valid date or timestamp of the accepted forms. No exception escapes: the
    form is checked by pattern and the calendar by arithmetic first. -#}
{% macro attribution_parse_setting_time(text, kind) -%}
    {%- set pattern = '^(\d{4})-(\d{2})-(\d{2})$' if kind == 'date'
        else '^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$' -%}
    {%- set match = modules.re.match(pattern, text | trim) -%}
    {%- if match is none -%}{{ return(none) }}{%- endif -%}
    {%- set parts = match.groups() -%}
    {%- set year, month, day = parts[0] | int, parts[1] | int, parts[2] | int -%}
    {%- if month < 1 or month > 12 or day < 1 or year < 1 -%}{{ return(none) }}{%- endif -%}
    {%- set next_month = modules.datetime.date(year + (1 if month == 12 else 0), 1 if month == 12 else month + 1, 1) -%}
    {%- if day > (next_month - modules.datetime.timedelta(days=1)).day -%}{{ return(none) }}{%- endif -%}
    {%- if kind == 'date' -%}
        {{ return('%04d-%02d-%02d' | format(year, month, day)) }}
    {%- endif -%}
    {%- set hour, minute, second = (parts[3] or 0) | int, (parts[4] or 0) | int, (parts[5] or 0) | int -%}
    {%- if hour > 23 or minute > 59 or second > 59 -%}{{ return(none) }}{%- endif -%}
    {%- set moment = modules.datetime.datetime(year, month, day, hour, minute, second) -%}
    {%- set offset = parts[6] -%}
    {%- if offset and offset != 'Z' -%}
        {%- set digits = offset[1:] | replace(':', '') -%}
        {%- set minutes = (digits[:2] | int) * 60 + (digits[2:] | int) -%}
        {%- set moment = moment - modules.datetime.timedelta(minutes=minutes if offset[0] == '+' else -minutes) -%}
    {%- endif -%}
    {{ return(moment.strftime('%Y-%m-%d %H:%M:%S')) }}
{%- endmacro %}


{#- A setting's validated value (timestamps and dates as canonical text).
    Models read settings through this, so no unvalidated var text reaches SQL;
    a bad value stops compilation with the same message as the start-of-run check. -#}
{% macro attribution_setting(name) -%}
    {%- set checked = attribution_check_setting(name, var(name, none)) -%}
    {%- if checked['problem'] -%}
        {%- do attribution_raise_setting_problems() -%}
    {%- endif -%}
    {{ return(checked['value']) }}
{%- endmacro %}


{#- The problems of a path-transform list (var attribution_path_transforms),
    one text per bad item; empty when the list is valid. An item is a bare
    name (collapse_repeats, unique_channels) or a mapping of one name to its
    argument: remove_if_not_all / remove_if_last_and_not_all take a non-empty
    list of channel names matching spec.pattern, first_n / last_n a whole
    number from 1 to spec.max. -#}
{% macro attribution_bad_path_transforms(value, spec) -%}
    {%- set bad = [] -%}
    {%- if not (value is sequence and value is not string and value is not mapping) -%}
        {%- do bad.append('not a list') -%}
        {{ return(bad) }}
    {%- endif -%}
    {%- for item in value -%}
        {%- set shown = item | tojson -%}
        {%- if item is string -%}
            {%- if item not in ('collapse_repeats', 'unique_channels') -%}
                {%- do bad.append('unknown path transform ' ~ shown) -%}
            {%- endif -%}
        {%- elif item is mapping and item | length == 1 -%}
            {%- set transform = (item.keys() | list)[0] -%}
            {%- set argument = item[transform] -%}
            {%- if transform in ('remove_if_not_all', 'remove_if_last_and_not_all') -%}
                {%- set is_list = argument is sequence and argument is not string and argument is not mapping -%}
                {%- set bad_channels = [] -%}
                {%- for channel in (argument if is_list else []) -%}
                    {%- if not (channel is string and modules.re.match(spec['pattern'], channel) is not none) -%}
                        {%- do bad_channels.append(channel) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- if not is_list or not argument or bad_channels -%}
                    {%- do bad.append(transform ~ ' needs a non-empty list of channel names, got ' ~ (argument | tojson)) -%}
                {%- endif -%}
            {%- elif transform in ('first_n', 'last_n') -%}
                {%- set is_count = argument is number and argument is not sameas true and argument is not sameas false
                    and argument == (argument | int) and 1 <= argument <= spec['max'] -%}
                {%- if not is_count -%}
                    {%- do bad.append(transform ~ ' needs a whole number from 1 to ' ~ spec['max'] ~ ', got '
                        ~ (argument | tojson)) -%}
                {%- endif -%}
            {%- else -%}
                {%- do bad.append('unknown path transform ' ~ (transform | tojson)) -%}
            {%- endif -%}
        {%- elif item is mapping -%}
            {%- do bad.append('one transform per list item, got ' ~ shown) -%}
        {%- else -%}
            {%- do bad.append('unknown path transform ' ~ shown) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(bad) }}
{%- endmacro %}
