# bash completion for orgviz: commands, each command's options (read from
# its --help, so they are never out of date), formats, and organisation ids
# for --root, --focus and --highlight from the data file on the line.
# Installed as .../bash-completion/completions/orgviz.

# The organisation ids ("id": "X") of the JSON file $1.
_orgviz_ids()
{
    [ -r "$1" ] || return 0
    grep -o '"id"[[:space:]]*:[[:space:]]*"[^"]*"' -- "$1" 2>/dev/null |
        sed 's/.*"\([^"]*\)"$/\1/'
}

_orgviz()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local prog=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]} words i file=
    COMPREPLY=()
    if [ "$COMP_CWORD" -eq 1 ]; then
        words=$("$prog" --help 2>/dev/null |
            sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
        COMPREPLY=($(compgen -W "$words --help --version" -- "$cur"))
        return 0
    fi
    # the data file: the first word after the command that names a file
    for ((i = 2; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} != -* && -f ${COMP_WORDS[i]} ]]; then
            file=${COMP_WORDS[i]}
            break
        fi
    done
    case $prev in
    --root | --focus | --highlight)
        COMPREPLY=($(compgen -W "$(_orgviz_ids "$file")" -- "$cur"))
        return 0
        ;;
    -T | --format)
        if [ "$cmd" = changes ]; then
            words="text markdown json"
        else
            words="svg png pdf dot html"
        fi
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return 0
        ;;
    --at | --from | --to | --since)
        COMPREPLY=($(compgen -W "today" -- "$cur"))
        return 0
        ;;
    --theme)
        COMPREPLY=($(compgen -W "default mono" -- "$cur") $(compgen -f -X '!*.json' -- "$cur"))
        return 0
        ;;
    --out)
        COMPREPLY=($(compgen -d -- "$cur"))
        return 0
        ;;
    --hide)
        # a timeline has only its key to leave out
        if [ "$cmd" = timeline ]; then
            words="key"
        else
            words="codes facts key sources"
        fi
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return 0
        ;;
    esac
    if [[ $cur == -* ]]; then
        words=$("$prog" "$cmd" --help 2>/dev/null | grep -o -- '--\?[a-zA-Z][a-z-]*' |
            grep -- '^-' | sort -u)
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return 0
    fi
    if [ "$COMP_CWORD" -eq 2 ] && [ "$cmd" = import ]; then
        words=$("$prog" import --help 2>/dev/null |
            sed -n '/^Kinds:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return 0
    fi
    if [ "$COMP_CWORD" -eq 2 ] && [ "$cmd" = export ]; then
        COMPREPLY=($(compgen -W "csv" -- "$cur"))
        return 0
    fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
}
complete -F _orgviz orgviz
