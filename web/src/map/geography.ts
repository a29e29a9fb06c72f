// The shipped boundaries (public/geo, IBGE-derived, see its README): the 27 states at once, each state's municipalities
// only when first needed. TopoJSON keeps shared borders once, so a state's file is a fraction of its GeoJSON.
import { feature } from "topojson-client";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { Topology } from "topojson-specification";

export interface StateProperties { codigo_uf: string; uf: string; nome: string }
export interface MunicipalityProperties { codigo_ibge: string; nome: string; codigo_uf: string; uf: string }
export type StateFeature = Feature<Geometry, StateProperties>;
export type MunicipalityFeature = Feature<Geometry, MunicipalityProperties>;

async function topology(url: string): Promise<Topology> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as Topology;
}

function features<P>(topo: Topology, object: string): Feature<Geometry, P>[] {
  const collection = feature(topo, topo.objects[object]!) as FeatureCollection<Geometry, P> | Feature<Geometry, P>;
  return "features" in collection ? collection.features : [collection];
}

export class Geography {
  #states: Promise<StateFeature[]> | undefined;
  readonly #municipalities = new Map<number, Promise<MunicipalityFeature[]>>();

  states(): Promise<StateFeature[]> {
    this.#states ??= topology("/geo/states.topo.json").then((t) => features<StateProperties>(t, "estados"));
    return this.#states;
  }

  /** A state's municipalities by its IBGE code (31); fetched once, a failed fetch is tried again next time. */
  municipalities(stateCode: number): Promise<MunicipalityFeature[]> {
    let loading = this.#municipalities.get(stateCode);
    if (!loading) {
      const code = String(stateCode);
      loading = topology(`/geo/municipalities/${code}.topo.json`).then((t) => features<MunicipalityProperties>(t, code));
      loading.catch(() => this.#municipalities.delete(stateCode));
      this.#municipalities.set(stateCode, loading);
    }
    return loading;
  }
}
