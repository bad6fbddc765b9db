from enum import StrEnum


class AttributeSet(StrEnum):
    ALL = "all"
    CORE = "core"
    OPEN_CLOSED = "open_closed"

    def __str__(self) -> str:
        return str(self.value)
