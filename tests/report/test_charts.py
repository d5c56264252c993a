"""Chart layout that scenario text cannot break."""

import matplotlib.pyplot as plt

from sim.report.charts.style import QUESTION_LINES, heading
from sim.scenario.schema import MAX_DESCRIPTION_CHARS


def test_the_longest_question_allowed_takes_at_most_four_lines_of_a_chart():
    fig = plt.figure(figsize=(15, 11))
    heading(fig, "title", "word " * (MAX_DESCRIPTION_CHARS // 5), "footer")
    title = fig.get_suptitle()
    plt.close(fig)
    assert title.count("\n") == QUESTION_LINES and title.endswith("...")
