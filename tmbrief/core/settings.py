"""Settings shared by several stages."""

# A bead whose confidence is below this needs a person's review: PO fuzzy, TMX x-status,
# QA alignment finding.
REVIEW_THRESHOLD = 0.5
