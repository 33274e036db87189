from ledger_service import metadata

from lokal_kit.migrations import run_env

run_env(metadata)
