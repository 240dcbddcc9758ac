#!/usr/bin/python3
"""gstcount.py URI TIMEOUT_S

Plays URI with GStreamer's playbin into two fakesinks (as fast as it can: sync off)
and counts what reaches them with a buffer probe on each sink pad: video frames, and
audio sample frames (from the negotiated raw caps). Prints one JSON line:
{"eos", "error", "video_frames", "video_caps", "audio_samples", "audio_rate", "audio_caps"}.
"""
import json
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

BYTES = {"S16LE": 2, "S16BE": 2, "S32LE": 4, "S32BE": 4, "F32LE": 4, "F32BE": 4, "F64LE": 8, "S24LE": 3, "U8": 1, "S8": 1}


def main():
    uri, timeout = sys.argv[1], float(sys.argv[2])
    Gst.init(None)
    res = {"eos": False, "error": "", "video_frames": 0, "video_caps": "", "audio_samples": 0, "audio_rate": 0, "audio_caps": ""}
    play = Gst.ElementFactory.make("playbin", None)
    play.set_property("uri", uri)
    vsink = Gst.ElementFactory.make("fakesink", "vsink")
    asink = Gst.ElementFactory.make("fakesink", "asink")
    for s in (vsink, asink):
        s.set_property("sync", False)
    play.set_property("video-sink", vsink)
    play.set_property("audio-sink", asink)

    def on_video(pad, info):
        res["video_frames"] += 1
        if not res["video_caps"]:
            caps = pad.get_current_caps()
            res["video_caps"] = caps.to_string() if caps else ""
        return Gst.PadProbeReturn.OK

    def on_audio(pad, info):
        caps = pad.get_current_caps()
        if caps is None:
            return Gst.PadProbeReturn.OK
        st = caps.get_structure(0)
        ch = st.get_value("channels") or 0
        width = BYTES.get(st.get_value("format") or "", 0)
        res["audio_rate"] = st.get_value("rate") or 0
        res["audio_caps"] = res["audio_caps"] or caps.to_string()
        if ch and width:
            res["audio_samples"] += info.get_buffer().get_size() // (ch * width)
        return Gst.PadProbeReturn.OK

    vsink.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, on_video)
    asink.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, on_audio)

    loop = GLib.MainLoop()

    def on_message(bus, msg):
        if msg.type == Gst.MessageType.EOS:
            res["eos"] = True
            loop.quit()
        elif msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            res["error"] = "%s: %s" % (msg.src.get_name(), err.message)
            loop.quit()

    bus = play.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    GLib.timeout_add(int(timeout * 1000), loop.quit)
    play.set_state(Gst.State.PLAYING)
    loop.run()
    play.set_state(Gst.State.NULL)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
