"""Mutation testing of the rule files: wrong rules the verdict cases must catch."""
