"""The vectorised evaluator: a batch of flat rows judged for every city at once, on columns.

Used by ``hukou batch --fast``; it decides the verdict and the admitting channels, the explaining
engine (hukou.engine) stays the reference and explains. Needs numpy (``hukou-rules[batch]``).
"""
