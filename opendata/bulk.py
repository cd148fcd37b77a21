def connect_signals():
    pass
