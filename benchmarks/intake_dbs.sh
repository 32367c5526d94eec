# shellcheck shell=bash
# Placeholder until the intake section lands: its databases are made here.
ensure_intake_dbs() { :; }
