"""The Textual app: seminar play at a shared terminal, and solo practice.

App -> screens -> widgets; attributes go down, messages come up.

    app.py          WargameApp: the start menu, then one screen per step of the
                    exercise; F1 help, F2 facilitator, F3 projector, ctrl+q quit
    exercise.py     Exercise (no Textual): the session, its house rules, and
                    `next_step()`, the one place that decides what comes next
    start.py        the start menu and the list of saved games
    new_game.py     the setup form (scenario, lens, sequence, seats, press, rounds)
    handoff.py      pass the keyboard: names the next seat, shows nothing private
    seat.py         a seat's turn (tabs: table, terms, levers, messages, brief, world)
    terms.py        the term editor (this phase's agenda only)
    messages.py     message threads with unread counts, and writing one
    vote.py         a signatory's vote, in private
    bot_moves.py    bots play in a worker; each move shown with its reason
    resolution.py   the round's result, for everyone
    end.py          the outcome and the scores, then the replay
    views.py        the words on the screens, as pure functions of the game
    prose.py        text that wraps with hanging indents
    dialogs.py      confirm, PIN, text to read, help
    console.py      the facilitator's console (another team's)
    replay.py       the replay and after-action review (another team's)

Every action goes through `Session.submit` to `Game.submit`, and the session's
save writer appends each event as it happens, so nothing is lost when the app
quits or crashes; `wargame resume` rebuilds the game from the save.
"""
