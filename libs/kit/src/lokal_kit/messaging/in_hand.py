"""The RabbitMQ deliveries a consumer holds unsettled, so that one ack can settle a whole batch.

An ack with `multiple` settles every delivery up to its tag on that channel. It is only safe
when each of them is done: one left unsettled by a failure must come back from the broker,
never be acknowledged along with the others. Tags count per channel, and a recovered
connection brings new channels, so deliveries are tracked per channel.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from aio_pika.abc import AbstractIncomingMessage
from aiormq.abc import AbstractChannel


class InHand:
    def __init__(self) -> None:
        self._tags: weakref.WeakKeyDictionary[AbstractChannel, set[int]] = (
            weakref.WeakKeyDictionary()
        )

    def take(self, message: AbstractIncomingMessage) -> None:
        self._tags.setdefault(message.channel, set()).add(_tag(message))

    async def ack(self, message: AbstractIncomingMessage) -> None:
        channel = message.channel
        await message.ack()
        self._tags.get(channel, set()).discard(_tag(message))

    async def ack_all(self, messages: Sequence[AbstractIncomingMessage]) -> None:
        """One frame when the batch is everything in hand up to its last tag, else one each."""
        channel = messages[0].channel
        tags = {_tag(message) for message in messages}
        in_hand = self._tags.get(channel, set())
        if (
            len(messages) > 1
            and all(message.channel is channel for message in messages)
            and {tag for tag in in_hand if tag <= max(tags)} == tags
        ):
            await max(messages, key=_tag).ack(multiple=True)
            in_hand -= tags
            return
        for message in messages:
            await self.ack(message)


def _tag(message: AbstractIncomingMessage) -> int:
    # aio-pika types the tag optional; a delivery to a consumer without no_ack always has one
    return message.delivery_tag or 0
