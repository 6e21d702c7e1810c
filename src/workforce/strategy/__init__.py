"""Strategy and action plan: targets with trajectories, RAG status, reviews, the workbook.

Plain Python, no Django. One concept per module:

- `plan`: the records (a `Plan` of themes, actions, targets, tracked measures, feedback and
  reviews) as they travel through the workbook, the demo and the web's store;
- `trajectory`: the value a target expects on a date (linear or stepped milestones);
- `rag`: RAG for targets (against the trajectory, with a tolerance) and for actions (from
  status and dates, overridable with a reason);
- `targets`: the measure behind a target and the rules a target must keep;
- `actuals`: a target's figures from the measures engine or from entered values;
- `benchmark`: the adapter to `workforce.benchmarks` for "at or below the England average";
- `status`: a whole plan's status on a date, and the overview's counts;
- `review`: figures frozen as plain data, and the review's steps;
- `chart`: actual against trajectory as table rows and a Vega-Lite spec;
- `workbook`, `workbook_cells`, `workbook_read`, `workbook_write`: the Excel template,
  import (row-level problems, all or nothing) and export; the import reads its sheets with
  `workbook_reader` (its checks and problems), `workbook_themes`, `workbook_actions`,
  `workbook_targets` and `workbook_exported` (the values an export wrote);
- `seeds`: the five seed strategies' targets; `demo`, `demo_content`: the demo strategy.
"""
