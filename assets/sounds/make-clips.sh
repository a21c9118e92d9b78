#!/bin/sh
# Generates the voice-calling clips (devices.md §6.2) once, offline, with espeak-ng (voice cmn) and sox.
# All clips: 16 kHz, mono, 16-bit PCM WAV, leading/trailing silence trimmed, so the browser can play
# them back to back (renderer/src/voice.ts). Re-run after changing a word; commit the WAVs.
set -eu
cd "$(dirname "$0")"
say() { # name text [voice]
  espeak-ng -v "${3:-cmn}" -s 150 -w "/tmp/clip-$1.wav" "$2"
  sox "/tmp/clip-$1.wav" -r 16000 -c 1 -b 16 "$1.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0 0.04
  rm -f "/tmp/clip-$1.wav"
}
say qing 请
say hao 号
say dao 到
say haochuangkou 号窗口
say banli 办理
say shi 十
say bai 百
set -- 零 一 二 三 四 五 六 七 八 九
i=0
for w in "$@"; do say "$i" "$w"; i=$((i + 1)); done
for L in A B C D E F G H J K L M N P Q R S T U V W X Y Z; do say "$L" "$L" en; done
# ding: a two-tone chime (E6 then C6), soft attack and decay.
sox -n -r 16000 -c 1 -b 16 /tmp/d1.wav synth 0.35 sine 1318.5 fade q 0.01 0.35 0.3 vol 0.5
sox -n -r 16000 -c 1 -b 16 /tmp/d2.wav synth 0.6 sine 1046.5 fade q 0.01 0.6 0.55 vol 0.5
sox /tmp/d1.wav /tmp/d2.wav ding.wav pad 0 0.15
rm -f /tmp/d1.wav /tmp/d2.wav
