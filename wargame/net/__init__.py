"""Networked seats: one game host, a client per team, private by construction.

`host` runs games and is the only writer of their saves; `protocol` is the
wire format (pydantic models sent as JSON text over websockets); `privacy`
decides what each seat may receive; `codes` hands out the join codes;
`client` is the one interface the seat screens talk to, in-process for the
hot seat or over a websocket for a host. Nothing here imports Textual except
`app`, which holds the join client's screens.
"""
