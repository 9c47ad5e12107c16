"""Pure matplotlib drawings for the course (testable headless with Agg).

Every function takes `ax=` (or a figure), draws, returns its artists, and never calls plt.show(). Each has an
`update_*` companion that changes the data of existing artists (set_data, stairs, fixed limits) instead of
rebuilding, so explorers answer a slider in milliseconds. One module per topic; this package re-exports them.
"""
