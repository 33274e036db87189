from lokal_kit.migrations import run_env
from lokal_matching.adapters.tables import metadata

run_env(metadata)
