using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>The void queue: intents that ended unsubmitted, published so the gateway's chain stays whole (PROTOCOL.md §4).</summary>
    public sealed partial class PaymentTerminal
    {
        private readonly SignedMessage[] _voids;
        private readonly bool[] _voidSent;
        private readonly long[] _voidLastSentMs;
        private int _voidCount;

        /// <summary>Gets how many voided intents wait for the gateway's acknowledgement.</summary>
        public int PendingVoidCount
        {
            get { return _voidCount; }
        }

        /// <summary>Gets how many voids the gateway acknowledged with a success-class reason.</summary>
        public int VoidsAcknowledgedCount { get; private set; }

        /// <summary>Gets how many voids the gateway refused for good (dropped and counted, never silently).</summary>
        public int VoidsRejectedCount { get; private set; }

        /// <summary>Gets the reason code of the gateway's last answer to a void (0 before any).</summary>
        public byte LastVoidReason { get; private set; }

        /// <summary>Gets how many times a void was published, re-sends included.</summary>
        public int VoidsPublishedCount { get; private set; }

        /// <summary>Returns the pending void at <paramref name="index"/> (0 is the oldest).</summary>
        /// <param name="index">0 to <see cref="PendingVoidCount"/> − 1.</param>
        /// <returns>The voided intent.</returns>
        public SignedMessage GetPendingVoid(int index)
        {
            if (index < 0 || index >= _voidCount)
            {
                throw new System.ArgumentOutOfRangeException(nameof(index));
            }

            return _voids[index];
        }

        private void Void()
        {
            UnsubmittedIntentCount++;
            if (_intent == null)
            {
                return;
            }

            // Confirm refuses to sign while the queue is full, so every signed intent has a slot here.
            _voids[_voidCount] = _intent;
            _voidSent[_voidCount] = false;
            _voidLastSentMs[_voidCount] = 0;
            _voidCount++;
        }

        private void MarkVoidsDue()
        {
            for (int i = 0; i < _voidCount; i++)
            {
                _voidSent[i] = false;
            }
        }

        private bool TryAnswerVoid(Ack ack, long nowMs)
        {
            for (int i = 0; i < _voidCount; i++)
            {
                if (!AckMatch.Answers(ack, _voids[i]))
                {
                    continue;
                }

                LastVoidReason = ack.Reason;
                AckAction action = AckPolicy.Classify(ack.Reason);
                if (action == AckAction.Forget)
                {
                    VoidsAcknowledgedCount++;
                    RemoveVoid(i);
                }
                else if (action == AckAction.Drop)
                {
                    VoidsRejectedCount++;
                    RemoveVoid(i);
                }
                else if (action == AckAction.RetryLater)
                {
                    _voidLastSentMs[i] = nowMs;
                }
                else if (i > 0)
                {
                    MarkVoidsDue();
                }
                else
                {
                    // The oldest held void's predecessor is gone: resending at once cannot help; back off.
                    _voidLastSentMs[i] = nowMs;
                }

                return true;
            }

            return false;
        }

        private void RemoveVoid(int index)
        {
            for (int i = index; i < _voidCount - 1; i++)
            {
                _voids[i] = _voids[i + 1];
                _voidSent[i] = _voidSent[i + 1];
                _voidLastSentMs[i] = _voidLastSentMs[i + 1];
            }

            _voidCount--;
            _voids[_voidCount] = null!;
        }

        /// <returns><c>false</c> if a publish failed (nothing later may overtake it).</returns>
        private bool TransmitVoids(long nowMs)
        {
            for (int i = 0; i < _voidCount; i++)
            {
                if (_voidSent[i] && nowMs - _voidLastSentMs[i] < _config.ResendIntervalMilliseconds)
                {
                    continue;
                }

                if (!_transport.Publish(_topic, _voids[i].Envelope))
                {
                    return false;
                }

                _voidSent[i] = true;
                _voidLastSentMs[i] = nowMs;
                VoidsPublishedCount++;
            }

            return true;
        }
    }
}
