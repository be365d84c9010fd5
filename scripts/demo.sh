#!/bin/sh
# The main job on the embedded default: a fresh SQLite requests.db in the demo working folder, the
# shipped agencies and templates. Called by `make demo` with the path of the installed foilbot.
#
# The case: a New York FOIL request to Lockport City School District about its facial-recognition
# camera system (retention periods, database access, camera locations), filed on 12 June 2026,
# that the district acknowledged with a date it then let pass without an answer.
#
# The demo replays that case on the days it happened, so it prints the same thing whatever the date
# on your machine. Every step says which day it is and sets FOILBOT_TODAY to it: foilbot's one clock
# (docs/reference/configuration.md), the same variable you would use to reproduce a dated overdue
# list. That is what makes the story hold together: the reference takes the year of the day the
# request is drafted (FOIL-2026-0001), the request letter is dated that day, events cannot be logged
# before they happen, and the appeal is drafted while its 30-day window is still open (after it has
# closed `appeal` refuses without --force). The dates that matter are also given explicitly
# (--date, --received, --as-of), as you would in your own use. The reference is read from
# `request new --json`, never written out here. Run as you use foilbot, FOILBOT_TODAY unset, the
# clock is the real one and references carry the current year.
set -eu
FOILBOT=${1:-foilbot}
DEMO=${DEMO_DIR:-demo}
mkdir -p "$DEMO"
cd "$DEMO"
rm -f requests.db requests.db-wal requests.db-shm ./*.pdf
rm -rf requests.files

# This folder's database and identity, even if your environment names others.
FOILBOT_DATABASE_URL="sqlite:///$(pwd)/requests.db"
FOILBOT_CONFIG="$(pwd)/foilbot.toml"
export FOILBOT_DATABASE_URL FOILBOT_CONFIG

if [ ! -f foilbot.toml ]; then
  # An example identity for the demo letters; put your own in foilbot.toml (docs/reference/configuration.md).
  cat > foilbot.toml <<'TOML'
[requester]
name = "Example Requester (demo)"
organization = "Example Civil Liberties Organization (demo)"
address = """
1 Example Plaza
Buffalo, NY 14202"""
email = "foil@example.org"
TOML
fi

day() {
  FOILBOT_TODAY=$1
  export FOILBOT_TODAY
  echo
  echo "# $2 (FOILBOT_TODAY=$1)"
}

# Print an argument as you would type it: quoted when the shell would split or expand it.
quote() {
  case $1 in
    *[!A-Za-z0-9_./:=@,+-]* | '')
      case $1 in
        *[\"\$\`\\]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
        *) printf '"%s"' "$1" ;;
      esac ;;
    *) printf '%s' "$1" ;;
  esac
}

show() {
  echo
  printf '$ foilbot'
  for arg in "$@"; do
    printf ' %s' "$(quote "$arg")"
  done
  echo
}

run() {
  show "$@"
  "$FOILBOT" "$@"
}

day 2026-06-12 "Friday 12 June 2026: find the agency, draft the request, print it and send it"
run init
run agency list --search "lockport csd" --limit 3
set -- request new --agency nces-3617670 --topic retention-periods --topic database-access \
  --topic camera-locations --subject "the District's facial recognition camera system" --campaign demo --json
show "$@"
created=$("$FOILBOT" "$@")
printf '%s\n' "$created"
# The first "reference" key, however the JSON is laid out.
REF=$(printf '%s\n' "$created" | grep -o '"reference": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
if [ -z "$REF" ]; then
  echo "demo: no reference in the output of request new --json" >&2
  exit 1
fi
run request letter "$REF" --out "$REF.pdf"
run request sent "$REF" --date 2026-06-12 --via email --received 2026-06-12

day 2026-06-23 "Tuesday 23 June 2026: the acknowledgment was due yesterday"
run overdue --as-of 2026-06-23
run request log "$REF" acknowledged --date 2026-06-18 --estimate 2026-07-31 --note "letter from the records access officer"

day 2026-08-03 "Monday 3 August 2026: the promised date has passed without an answer"
run request show "$REF" --as-of 2026-08-03
run overdue --as-of 2026-08-03
run appeal "$REF" --date 2026-08-03 --out "$REF-appeal.pdf"
echo
echo "Letters written in $(pwd): $(ls ./*.pdf | tr '\n' ' ')"
