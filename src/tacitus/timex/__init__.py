"""Time expressions: the rules that find them, their TimeML values, tense and anchors."""
