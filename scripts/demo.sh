#!/bin/sh
# The main job on the embedded default: a fresh SQLite requests.db in the demo working folder, the
# shipped agencies and templates. Called by `make demo` with the path of the installed foilbot.
#
# The case: a New York FOIL request to Lockport City School District about its facial-recognition
# camera system (retention periods, database access, camera locations), filed on 12 June 2026,
# that the district acknowledged late and never answered.
set -eu
FOILBOT=${1:-foilbot}
DEMO=${DEMO_DIR:-demo}
mkdir -p "$DEMO"
cd "$DEMO"
rm -f requests.db requests.db-wal requests.db-shm ./*.pdf
rm -rf requests.files

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

run() {
  echo
  echo "\$ foilbot $*"
  "$FOILBOT" "$@"
}

run init
run agency list --search "lockport csd" --limit 3
run request new --agency nces-3617670 --topic retention-periods --topic database-access \
  --topic camera-locations --subject "the District's facial recognition camera system" --campaign demo
run request letter FOIL-2026-0001 --out FOIL-2026-0001.pdf
run request sent FOIL-2026-0001 --date 2026-06-12 --via email --received 2026-06-12
run overdue --as-of 2026-06-23
run request log FOIL-2026-0001 acknowledged --date 2026-06-18 --estimate 2026-07-31 --note "letter from the records access officer"
run request show FOIL-2026-0001 --as-of 2026-08-03
run overdue --as-of 2026-08-03
run appeal FOIL-2026-0001 --date 2026-08-03 --out FOIL-2026-0001-appeal.pdf
echo
echo "Letters written in $(pwd): $(ls ./*.pdf | tr '\n' ' ')"
