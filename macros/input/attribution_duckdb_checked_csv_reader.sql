{#- DuckDB: check one raw CSV file and return the read_csv(...) call that reads
    it, every column as text, with nothing guessed. Every problem stops the
    build with the project's own message naming the table, the file, the line
    and the cause, and the setting that fixes it where one does:
      - bytes that are not in the encoding (var attribution_csv_encoding);
      - a line longer than var attribution_csv_max_line_bytes;
      - an empty or duplicated column name in the header line;
      - lines ending in CRLF and LF in one file (mixed line endings);
      - a row with more or fewer fields than the header, or a stray quote.
    The separator is var attribution_csv_delimiter, or (auto) the one of
    , ; tab | that the header line holds most often. Three scans of the file:
    its lines (encoding, length, blank lines), its header line, and a full
    parse whose bad rows DuckDB records instead of raising; a file with blank
    lines is also read whole once to tell them from CRLF line ends. -#}
{% macro attribution_duckdb_checked_csv_reader(table, path) -%}
    {%- set encoding = attribution_setting('attribution_csv_encoding') -%}
    {%- set max_line = attribution_setting('attribution_csv_max_line_bytes') -%}
    {%- set where = "Input table '" ~ table ~ "' (" ~ path ~ ")" -%}
    {%- set common = "encoding = '" ~ encoding ~ "', max_line_size = " ~ max_line -%}
    {%- set rejects = "attribution_csv_rejects_" ~ table -%}

    {#- 1. Its lines, as plain text (quotes and separators not interpreted). -#}
    {%- do run_query("drop table if exists " ~ rejects ~ "; drop table if exists " ~ rejects ~ "_scans") -%}
    {%- set lines = run_query(
        "select count(*), count(*) filter (where line is null) from read_csv('" ~ path ~ "', "
        ~ "columns = {'line': 'VARCHAR'}, header = false, auto_detect = false, delim = chr(0), quote = '', "
        ~ "escape = '', strict_mode = false, ignore_errors = true, store_rejects = true, "
        ~ "rejects_table = '" ~ rejects ~ "', rejects_scan = '" ~ rejects ~ "_scans', " ~ common ~ ")") -%}
    {%- set line_errors = run_query(
        "select line, error_type from " ~ rejects ~ " order by line, error_type limit 1") -%}
    {%- for error in line_errors -%}
        {%- if error[1] == 'INVALID ENCODING' -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", line " ~ error[0] ~ ": the bytes are not valid " ~ encoding ~ " text. "
                ~ "Set var attribution_csv_encoding to the file's encoding (utf-8, latin-1 or utf-16; "
                ~ "a Windows-1252 export reads as latin-1 unless it holds characters such as the euro sign), "
                ~ "or save the file as UTF-8.") }}
        {%- elif error[1] == 'LINE SIZE OVER MAXIMUM' -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", line " ~ error[0] ~ ": the line is longer than " ~ max_line ~ " bytes "
                ~ "(var attribution_csv_max_line_bytes). Raise that setting if such long values are "
                ~ "intended, or remove the oversized value.") }}
        {%- else -%}
            {{ exceptions.raise_compiler_error(where ~ ", line " ~ error[0] ~ ": cannot be read as text ("
                ~ error[1] | lower ~ ").") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set blank_lines = lines.columns[1].values()[0] -%}

    {#- 2. The header line: a sequential scan, so `limit 1` is the first line
        even without insertion order preserved. -#}
    {%- set header = run_query(
        "select line from read_csv('" ~ path ~ "', columns = {'line': 'VARCHAR'}, header = false, "
        ~ "auto_detect = false, delim = chr(0), quote = '', escape = '', strict_mode = false, "
        ~ "parallel = false, " ~ common ~ ") limit 1").columns[0].values() -%}
    {%- set header_line = ((header[0] if header else none) or '') | replace('\ufeff', '') -%}
    {%- set delimiter = attribution_setting('attribution_csv_delimiter') -%}
    {%- if delimiter == 'auto' -%}
        {#- A loop cannot rebind an outer variable in Jinja: keep the pick in a dict. -#}
        {%- set best = {'delimiter': ','} -%}
        {%- for candidate in [';', '\t', '|'] -%}
            {%- if header_line.count(candidate) > header_line.count(best['delimiter']) -%}
                {%- do best.update({'delimiter': candidate}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set delimiter = best['delimiter'] -%}
        {%- if delimiter != ',' -%}
            {{ log("attribution: " ~ path ~ " is read with the separator " ~ (delimiter | tojson)
                ~ " found in its header line (var attribution_csv_delimiter).", info=True) }}
        {%- endif -%}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for name in header_line.split(delimiter) -%}
        {%- do names.append(name | trim | replace('"', '') | lower) -%}
    {%- endfor -%}
    {%- if header_line | trim == '' -%}
        {%- do attribution_check_input_columns(table, [], path ~ ", header line") -%}
    {%- endif -%}
    {%- for name in names -%}
        {%- if name == '' -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", line 1: column " ~ loop.index ~ " of the header line has no name. Header: "
                ~ header_line) }}
        {%- elif name in names[:loop.index0] -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", line 1: the header line names column '" ~ name ~ "' twice (columns "
                ~ (names.index(name) + 1) ~ " and " ~ loop.index ~ "); which one holds the data cannot be "
                ~ "known. Rename or remove one of them.") }}
        {%- endif -%}
    {%- endfor -%}
    {%- do attribution_check_input_columns(table, names, path ~ ", header line") -%}

    {#- 3. Blank lines, or lines ending in CRLF in a file whose other lines end
        in LF (or the reverse)? DuckDB's text of a blob escapes every byte
        outside printable ASCII (LF is \x0A, CR \x0D), so counting and
        positions work on that text. -#}
    {%- if blank_lines > 0 -%}
        {%- set endings -%}
            with escaped as (
                select cast(content as varchar) as text from read_blob('{{ path }}')
            ),

            counted as (
                select
                    text,
                    (length(text) - length(replace(text, '\x0A', ''))) // 4 as lf_count,
                    (length(text) - length(replace(text, '\x0D\x0A', ''))) // 8 as crlf_count,
                    substr(text, strpos(text, '\x0A') - 4, 4) = '\x0D' as is_first_crlf
                from escaped
            ),

            located as (
                select
                    *,
                    case
                        when is_first_crlf then strpos(replace(text, '\x0D\x0A', '\x0D\x0B'), '\x0A')
                        else strpos(text, '\x0D\x0A')
                    end as odd_position
                from counted
            )

            select
                lf_count,
                crlf_count,
                is_first_crlf,
                1 + (length(substr(text, 1, odd_position - 1))
                    - length(replace(substr(text, 1, odd_position - 1), '\x0A', ''))) // 4 as odd_line
            from located
        {%- endset -%}
        {%- set ending = run_query(endings).rows[0] -%}
        {%- if ending[1] > 0 and ending[1] < ending[0] -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", line " ~ ending[3] ~ ": ends with " ~ ("LF" if ending[2] else "CRLF")
                ~ " while line 1 ends with " ~ ("CRLF" if ending[2] else "LF") ~ " (" ~ ending[1] ~ " of "
                ~ ending[0] ~ " lines end with CRLF). Mixed line endings cannot be read safely: convert "
                ~ "the file to one line ending (for example with dos2unix) and build again.") }}
        {%- endif -%}
    {%- endif -%}

    {#- 4. Parse every row as the models will; DuckDB records bad rows. -#}
    {%- set column_types = [] -%}
    {%- for name in names -%}
        {%- do column_types.append("'" ~ name ~ "': 'VARCHAR'") -%}
    {%- endfor -%}
    {%- set delimiter_code = {',': 44, ';': 59, '\t': 9, '|': 124}[delimiter] -%}
    {%- set options = "header = true, auto_detect = false, columns = {" ~ (column_types | join(', '))
        ~ "}, delim = chr(" ~ delimiter_code ~ "), quote = '\"', escape = '\"', strict_mode = true, " ~ common -%}
    {%- do run_query("drop table if exists " ~ rejects ~ "; drop table if exists " ~ rejects ~ "_scans") -%}
    {%- do run_query(
        "select count(*) from read_csv('" ~ path ~ "', " ~ options ~ ", ignore_errors = true, "
        ~ "store_rejects = true, rejects_table = '" ~ rejects ~ "', rejects_scan = '" ~ rejects ~ "_scans')") -%}
    {%- set row_errors = run_query(
        "select line, error_type, count(*) over () from " ~ rejects ~ " order by line, error_type limit 1") -%}
    {%- for error in row_errors -%}
        {%- set causes = {
            'TOO MANY COLUMNS': "has more fields than the header line's " ~ names | length,
            'MISSING COLUMNS': "has fewer fields than the header line's " ~ names | length,
            'UNQUOTED VALUE': 'has a quote inside an unquoted value',
            'INVALID ENCODING': 'holds bytes that are not valid ' ~ encoding ~ ' text',
            'LINE SIZE OVER MAXIMUM': 'is longer than ' ~ max_line ~ ' bytes',
        } -%}
        {{ exceptions.raise_compiler_error(
            where ~ ", line " ~ error[0] ~ ": the row " ~ causes.get(error[1], 'cannot be parsed (' ~ error[1] | lower ~ ')')
            ~ " (" ~ error[2] ~ " such row" ~ ("s" if error[2] > 1 else "") ~ " in the file; separator "
            ~ (delimiter | tojson) ~ ", quote '\"'). Fix the row, or set var attribution_csv_delimiter if the "
            ~ "file uses another separator.") }}
    {%- endfor -%}
    {%- do run_query("drop table if exists " ~ rejects ~ "; drop table if exists " ~ rejects ~ "_scans") -%}
    {{ return("read_csv('" ~ path ~ "', " ~ options ~ ")") }}
{%- endmacro %}
