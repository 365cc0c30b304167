"""The other evaluators of the same rules: durable-rules (a Rete network) and the vectorised one.

Each reads the rulebook's compiled form and judging's facts; each is checked against the explaining
engine (hukou.judging.engine) by the tests.
"""
