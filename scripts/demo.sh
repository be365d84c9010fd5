#!/bin/sh
# The main job on the embedded default: a SQLite requests.db in the working folder, the shipped
# agencies and templates. Called by `make demo` with the path of the installed foilbot.
set -eu
FOILBOT=${1:-foilbot}
echo "\$ foilbot init"
"$FOILBOT" init
echo
echo "\$ foilbot agency list --search 'lockport csd' --limit 5"
"$FOILBOT" agency list --search "lockport csd" --limit 5
echo
echo "\$ foilbot agency show nces-3617670"
"$FOILBOT" agency show nces-3617670
