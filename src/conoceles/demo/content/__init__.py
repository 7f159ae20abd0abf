"""The demo election a week into campaigns (`fill.fill_demo_content`): questionnaires, consent, validations and open
publication."""
