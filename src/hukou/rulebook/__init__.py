"""The rulebook: rule-file schema, checks, loading and quote verification."""

from hukou.rulebook.loader import LoadedRules, Rulebook, load_rule_file, load_rulebook, project_root

__all__ = ["LoadedRules", "Rulebook", "load_rule_file", "load_rulebook", "project_root"]
