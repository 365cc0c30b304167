"""The model: the applicant (profile, the words it may use, dates), places and periods.

Depends on nothing else of hukou but the shared errors, text and YAML reading.
"""
