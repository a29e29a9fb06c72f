// A short two-tone chime for critical alerts, synthesised with Web Audio (no audio file to fetch).
let context: AudioContext | null = null;

export function chime(): void {
  try {
    context ??= new AudioContext();
    const now = context.currentTime;
    for (const [i, frequency] of [880, 660].entries()) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.3, now + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.25 + 0.22);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(now + i * 0.25);
      oscillator.stop(now + i * 0.25 + 0.25);
    }
  } catch {
    // No audio output (or not allowed yet): the card still shows.
  }
}
