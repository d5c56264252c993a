"""The classroom game: teams play the US, China, the developing world and the labs; the model referees.

``teams`` says who plays what (levers, goals, the South's asks), ``store`` keeps every move in
SQLite as it is made, ``referee`` plays the rounds on the model's replications and exports a game as
a scenario file, ``debrief`` reads the result, ``vocabulary`` lists the events a facilitator may
inject, and ``app`` draws the pages in the dashboard's Shiny app. The model never imports this
package.
"""
