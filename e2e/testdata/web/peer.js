// Plays ?url= with ?player= (dashjs: dash.js with its MSS module; shaka: Shaka Player,
// whose MSS parser needs codem-isoboxer) and keeps what the test checks in window.peer:
// the player's own errors, the levels rendered (video sizes as the element resized,
// and the player's own switch events), frames decoded and dropped, the player's own
// live latency (dash.js takes MSS live time 0 as the Unix epoch, so on an origin
// whose timeline starts near zero it is off by the epoch: the test computes latency
// from the wall clock and the media time instead).
'use strict';
const q = new URLSearchParams(location.search);
const video = document.getElementById('v');
const peer = window.peer = {
  player: q.get('player'), url: q.get('url'), version: '',
  errors: [], log: [], heights: [], switches: [], ended: false, playing: false,
  stalls: 0, live: false,
  fragments: [], stallLog: [],
};

// The console's last lines go with a failure: errors, warnings and dash.js's info
// lines; ?debug=1 keeps the players' debug logs too (and turns dash.js's on).
const debug = q.get('debug') === '1';
for (const k of debug ? ['error', 'warn', 'info', 'log', 'debug'] : ['error', 'warn', 'info']) {
  const orig = console[k].bind(console);
  console[k] = (...a) => { peer.log.push(k + ': ' + a.map(String).join(' ')); orig(...a); };
}
window.addEventListener('error', e => peer.errors.push('page: ' + e.message));
window.addEventListener('unhandledrejection', e => peer.errors.push('page: ' + describe(e.reason)));

function describe(e) {
  if (e === undefined || e === null) return String(e);
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  try { return JSON.stringify(e); } catch (_) { return String(e); }
}

function load(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error('cannot load ' + src));
    document.head.appendChild(s);
  });
}

video.addEventListener('resize', () => {
  const h = video.videoHeight;
  if (h && peer.heights[peer.heights.length - 1] !== h) peer.heights.push(h);
});
// stallLog: each stall after the first frame, where the playhead stopped and for how
// long (seconds; -1 while it lasts), for the ABR benchmark's QoE.
let stallFrom = 0;
video.addEventListener('playing', () => {
  peer.playing = true;
  const s = peer.stallLog[peer.stallLog.length - 1];
  if (s && s.dur < 0) s.dur = (performance.now() - stallFrom) / 1000;
});
video.addEventListener('waiting', () => {
  if (!peer.playing) return;
  peer.stalls++;
  stallFrom = performance.now();
  peer.stallLog.push({ pos: video.currentTime, dur: -1 });
});
video.addEventListener('ended', () => { peer.ended = true; });
video.addEventListener('error', () => peer.errors.push('video element: ' + describe(video.error && video.error.message)));

// snapshot is what the test polls.
window.snapshot = () => {
  const qual = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : {};
  const s = {
    player: peer.player, version: peer.version, errors: peer.errors, log: peer.log.slice(debug ? -400 : -40),
    heights: peer.heights, switches: peer.switches, ended: peer.ended, playing: peer.playing,
    stalls: peer.stalls, live: peer.live, time: video.currentTime,
    fragments: peer.fragments, stallLog: peer.stallLog,
    duration: isFinite(video.duration) ? video.duration : -1,
    decoded: qual.totalVideoFrames || 0, dropped: qual.droppedVideoFrames || 0,
    latency: peer.latency ? peer.latency() : -1,
    wallMs: Date.now(),
  };
  return JSON.stringify(s);
};

async function dashjsPlay() {
  await load('node_modules/dashjs/dist/dash.all.min.js');
  await load('node_modules/dashjs/dist/dash.mss.min.js');
  const d = window.dashjs;
  peer.version = d.Version || '';
  const p = d.MediaPlayer().create();
  p.updateSettings({ debug: { logLevel: debug ? d.Debug.LOG_LEVEL_DEBUG : d.Debug.LOG_LEVEL_INFO } });
  const buf = Number(q.get('buffer') || 0); // ?buffer=S: the buffer target, seconds
  if (buf > 0) {
    p.updateSettings({ streaming: { buffer: { stableBufferTime: buf, bufferTimeAtTopQuality: buf, bufferTimeAtTopQualityLongForm: buf } } });
  }
  const ev = d.MediaPlayer.events;
  // fragments: each video media fragment loaded, with its level's bitrate and start.
  p.on(ev.FRAGMENT_LOADING_COMPLETED, e => {
    const r = e.request;
    if (e.error || !r || r.mediaType !== 'video' || r.type !== 'MediaSegment') return;
    const list = p.getBitrateInfoListFor('video');
    peer.fragments.push({ t: performance.now() / 1000, start: r.startTime, bitrate: list[r.quality] ? list[r.quality].bitrate : -1,
      bytes: r.bytesLoaded || 0 });
  });
  p.on(ev.ERROR, e => peer.errors.push('dash.js: ' + describe(e.error)));
  p.on(ev.PLAYBACK_ERROR, e => peer.errors.push('dash.js playback: ' + describe(e.error)));
  p.on(ev.QUALITY_CHANGE_RENDERED, e => {
    if (e.mediaType !== 'video') return;
    const list = p.getBitrateInfoListFor('video');
    const b = list[e.newQuality] ? list[e.newQuality].bitrate : -1;
    peer.switches.push(b);
  });
  p.on(ev.STREAM_INITIALIZED, () => { peer.live = p.isDynamic(); });
  peer.latency = () => { const l = p.getCurrentLiveLatency(); return isNaN(l) ? -1 : l; };
  window.dashPlayer = p;
  p.initialize(video, peer.url, true);
}

async function shakaPlay() {
  await load('node_modules/codem-isoboxer/dist/iso_boxer.min.js');
  await load('node_modules/shaka-player/dist/shaka-player.compiled.js');
  const s = window.shaka;
  s.polyfill.installAll();
  peer.version = s.Player.version;
  if (!s.Player.isBrowserSupported()) throw new Error('Shaka Player: browser not supported');
  const p = new s.Player();
  await p.attach(video);
  p.addEventListener('error', e => peer.errors.push('Shaka: ' + describe(e.detail)));
  p.addEventListener('adaptation', () => {
    const t = p.getVariantTracks().find(t => t.active);
    if (t) peer.switches.push(t.videoBandwidth || t.bandwidth);
  });
  peer.latency = () => { const l = p.getStats().liveLatency; return isNaN(l) ? -1 : l; };
  window.shakaPlayer = p;
  try {
    await p.load(peer.url, null, 'application/vnd.ms-sstr+xml');
  } catch (e) {
    peer.errors.push('Shaka: ' + describe(e));
    return;
  }
  peer.live = p.isLive();
  await video.play();
}

(async () => {
  try {
    if (peer.player === 'dashjs') await dashjsPlay();
    else if (peer.player === 'shaka') await shakaPlay();
    else throw new Error('unknown ?player=' + peer.player);
  } catch (e) {
    peer.errors.push(describe(e));
  }
})();
