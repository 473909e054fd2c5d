class ItemRefused(Exception):
    """An item that cannot be done, for a reason said in Chinese (the file is unreadable, the evaluation was
    withdrawn): failed at once, never retried."""
