from lokal_kit.migrations import run_env
from lokal_learning.adapters.tables import metadata

run_env(metadata)
