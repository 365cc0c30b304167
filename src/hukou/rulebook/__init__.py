"""The rulebook: rule-file schema, checks, loading and quote verification.

Reads the model; judging and everything above read it. The names below are its API; the modules'
other names are internal.
"""

from hukou.rulebook.loader import LoadedRules, Rulebook, load_rule_file, load_rulebook, project_root
from hukou.rulebook.schema import Channel, Condition, RuleFile

__all__ = [
    "Channel",
    "Condition",
    "LoadedRules",
    "RuleFile",
    "Rulebook",
    "load_rule_file",
    "load_rulebook",
    "project_root",
]
