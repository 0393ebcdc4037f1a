"""The shipped rulebook: the advice and the nudge plan, as YAML data files."""
