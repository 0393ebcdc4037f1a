"""The shipped rulebook: advice, nudge plan and note checks, as YAML data files."""
