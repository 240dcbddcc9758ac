#!/usr/bin/python3
"""Serves an MP4 file (H.264 + AAC) over RTSP with GStreamer's rtsp-server.

Usage: rtspserve.py FILE PORT [--drop P] [--path /clip] [--vp8] [--h265]
                              [--audio opus|pcmu|pcma] [--tcp-only]
                              [--auth basic|digest] [--tls CERTKEY.pem]

filesrc ! qtdemux, then rtph264pay and rtpmp4gpay; with --drop P an identity
element after each payloader drops that share of the RTP packets; with --vp8 the
video is re-encoded to VP8 (rtpvp8pay), a codec the player does not play, with
--h265 to H.265 (x265enc, rtph265pay); --audio re-encodes the audio to Opus
(rtpopuspay) or G.711 at 8 kHz (rtppcmupay, rtppcmapay); with
--tcp-only a SETUP for UDP is refused (461); with --auth the server asks for user
"viewer", password "secret" (basic or digest); with --tls the RTSP connection is
TLS (rtsps://) with the certificate and key in that PEM file. Each DESCRIBE's User-Agent is
printed ("user-agent: …"). It prints
"listening on rtsp://127.0.0.1:PORT/PATH" once the server is attached, and runs
until killed. Debian's bindings are for /usr/bin/python3.
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gio, GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("port", type=int)
    ap.add_argument("--drop", type=float, default=0.0)
    ap.add_argument("--path", default="/clip")
    ap.add_argument("--vp8", action="store_true")
    ap.add_argument("--tcp-only", action="store_true")
    ap.add_argument("--auth", choices=["basic", "digest"])
    ap.add_argument("--tls")
    ap.add_argument("--h265", action="store_true")
    ap.add_argument("--audio", choices=["aac", "opus", "pcmu", "pcma"], default="aac")
    args = ap.parse_args()
    Gst.init(None)
    drop = ""
    if args.drop > 0:
        drop = " ! identity drop-probability=%g" % args.drop
    launch = (
        "( filesrc location=%s ! qtdemux name=d "
        "d.video_0 ! queue ! h264parse ! rtph264pay config-interval=1 pt=96%s name=pay0 "
        "d.audio_0 ! queue ! aacparse ! rtpmp4gpay pt=97%s name=pay1 )"
    )
    # The media factory takes each stream from the element named payN: the
    # payloader, or the identity after it that drops packets.
    if args.vp8:
        launch = launch.replace("h264parse ! rtph264pay config-interval=1",
                                "avdec_h264 ! videoconvert ! vp8enc deadline=1 ! rtpvp8pay")
    if args.h265:
        launch = launch.replace("h264parse ! rtph264pay config-interval=1",
                                "avdec_h264 ! videoconvert ! x265enc speed-preset=ultrafast tune=zerolatency key-int-max=25 ! rtph265pay config-interval=1")
    audio = {
        "opus": "avdec_aac ! audioconvert ! audioresample ! opusenc ! rtpopuspay",
        "pcmu": "avdec_aac ! audioconvert ! audioresample ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay",
        "pcma": "avdec_aac ! audioconvert ! audioresample ! audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay",
    }.get(args.audio)
    if audio:
        launch = launch.replace("aacparse ! rtpmp4gpay pt=97", audio + " pt=97")
    launch = launch % (args.file, drop, drop)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    factory.set_shared(True)
    if args.tcp_only:
        factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    auth = None
    if args.auth or args.tls:
        auth = GstRtspServer.RTSPAuth()
        server.set_auth(auth)
    if args.tls:
        with open(args.tls) as f:
            auth.set_tls_certificate(Gio.TlsCertificate.new_from_pem(f.read(), -1))
        if not args.auth:  # TLS alone: everyone may play
            anon = GstRtspServer.RTSPToken()
            anon.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "anonymous")
            auth.set_default_token(anon)
            factory.add_role_from_structure(Gst.Structure.new_from_string(
                "anonymous, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))
    if args.auth:
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        if args.auth == "basic":
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic("viewer", "secret"), token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        else:
            auth.add_digest("viewer", "secret", token)
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        factory.add_role_from_structure(Gst.Structure.new_from_string(
            "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))

    def on_describe(_client, ctx):
        res, ua = ctx.request.get_header(GstRtsp.RTSPHeaderField.USER_AGENT, 0)
        print("user-agent: %s" % (ua if res == GstRtsp.RTSPResult.OK else ""), flush=True)

    server.connect("client-connected", lambda _s, client: client.connect("describe-request", on_describe))
    server.get_mount_points().add_factory(args.path, factory)
    if server.attach(None) == 0:
        print("rtspserve: cannot listen on port %d" % args.port, file=sys.stderr)
        sys.exit(1)
    # Sessions whose client went away without a TEARDOWN stop after their timeout
    # (the pool is only cleaned when asked).
    pool = server.get_session_pool()
    GLib.timeout_add_seconds(2, lambda: pool.cleanup() >= 0)
    scheme = "rtsps" if args.tls else "rtsp"
    print("listening on %s://127.0.0.1:%d%s" % (scheme, args.port, args.path), flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
