"""Analysis: paired effects, comparisons, explanations, screening, sensitivity, trade-offs, the policy-response
contract, calibration and validation; frames in, tables out."""
