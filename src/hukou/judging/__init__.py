"""Judging: the facts a rule reads, their evaluation, the nearest miss and the explained verdict.

Reads the model and the rulebook; the front ends and the second and third evaluators read it.
"""
