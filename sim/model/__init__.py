"""Model: one run. AIRaceModel (the schedule), its agents, pure mechanisms, relations, draws and nations."""
