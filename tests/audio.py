"""Reads an MP3 file the way a player does, frame by frame, to tell whether it is whole and how
long it plays. No decoder: the frame headers say it all (ISO/IEC 11172-3 and 13818-3)."""

# Layer III bit rates (kbit/s) by index, for MPEG-1 and for MPEG-2 and 2.5.
BIT_RATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


class NotMp3(ValueError):
    pass


def _skip_id3(data: bytes) -> int:
    if data[:3] != b"ID3":
        return 0
    size = 0
    for byte in data[6:10]:  # four 7-bit bytes
        size = size << 7 | byte & 0x7F
    return 10 + size


def mp3_frames(data: bytes) -> tuple[int, int, int]:
    """(frames, sample rate, bit rate of the first frame); NotMp3 unless every byte belongs to
    a frame (an ID3 tag aside)."""
    at, frames, rate, first_bit_rate = _skip_id3(data), 0, None, None
    end = len(data) - (128 if data[-128:-125] == b"TAG" else 0)
    while at < end:
        header = data[at : at + 4]
        if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
            raise NotMp3(f"no frame at byte {at}")
        version, layer = header[1] >> 3 & 3, header[1] >> 1 & 3
        bit_index, rate_index = header[2] >> 4, header[2] >> 2 & 3
        if layer != 1 or version == 1 or bit_index in (0, 15) or rate_index == 3:
            raise NotMp3(f"not a layer III frame at byte {at}")
        bit_rate = BIT_RATES[1 if version == 3 else 2][bit_index] * 1000
        sample_rate = SAMPLE_RATES[version][rate_index]
        if rate not in (None, sample_rate):
            raise NotMp3("the sample rate changes")
        rate, first_bit_rate = sample_rate, first_bit_rate or bit_rate
        per_frame = 1152 if version == 3 else 576
        at += per_frame // 8 * bit_rate // sample_rate + (header[2] >> 1 & 1)
        frames += 1
    if at != end or not frames:
        raise NotMp3("the last frame is cut short")
    return frames, rate, first_bit_rate


def mp3_seconds(data: bytes) -> float:
    """How long the file plays."""
    frames, rate, _ = mp3_frames(data)
    return frames * (1152 if rate >= 32000 else 576) / rate
