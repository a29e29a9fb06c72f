// What the hub is asked to watch: exactly the user's jurisdiction ("BR", "UF:31", "MUN:3118601").

export interface WatchArea {
  latitude?: number;
  longitude?: number;
  radiusKm?: number;
  municipalityCode?: number;
  state?: string;
}

// Three 2,000 km circles (the hub's largest) that together cover Brazil, for national users.
const country: WatchArea[] = [
  { latitude: -5, longitude: -62, radiusKm: 2000 },
  { latitude: -10, longitude: -42, radiusKm: 2000 },
  { latitude: -24, longitude: -50, radiusKm: 2000 },
];

export function watchAreasFor(jurisdiction: string): WatchArea[] {
  const [kind, code] = jurisdiction.split(":");
  if (kind === "MUN" && code) return [{ municipalityCode: Number(code) }];
  if (kind === "UF" && code) return [{ state: code }];
  return country;
}
