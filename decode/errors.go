package decode

import "errors"

// Sentinel errors callers act on; returned errors wrap them with details.
var (
	// ErrUnknownCodec: the configuration names a codec this build cannot decode.
	ErrUnknownCodec = errors.New("unknown codec")
	// ErrBadExtradata: the codec private data (avcC, hvcC, ASC, …) is missing or malformed.
	ErrBadExtradata = errors.New("bad extradata")
	// ErrBadConfig: a parameter the codec cannot do without is missing (WMA's
	// BlockAlign, sample rate or channels).
	ErrBadConfig = errors.New("incomplete codec configuration")
	// ErrCorrupt: a sample could not be decoded. The decoder stays usable: it skips
	// samples up to the next keyframe and continues from there.
	ErrCorrupt = errors.New("corrupt sample")
	// ErrNeedInput: Receive has nothing to return until more samples are sent.
	ErrNeedInput = errors.New("decoder needs more input")
	// ErrClosed: the decoder was closed.
	ErrClosed = errors.New("decoder closed")
)
