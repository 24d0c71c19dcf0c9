"""Atoms: the routes @calcom/atoms calls from the browser (AtomsController and its siblings under
apps/api/v2/src/modules/atoms), which Cal.com's spec leaves out; openapi/atoms/atoms.yaml describes them."""
