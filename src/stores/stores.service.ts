import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict } from '../common/domain-error';
import { Store } from './store.entity';
import { CreateStoreDto, StoreQueryDto, StoreResponseDto } from './dto/store.dto';

export const toStoreResponse = (s: Store, distanceKm?: number): StoreResponseDto => ({
  id: s.id,
  code: s.code,
  name: s.name,
  address: s.address,
  postcode: s.postcode,
  city: s.city,
  latitude: s.latitude,
  longitude: s.longitude,
  phone: s.phone,
  timeZone: s.timeZone,
  openingHours: s.openingHours,
  closures: s.closures,
  services: s.services,
  ...(distanceKm !== undefined && { distanceKm: Math.round(distanceKm * 10) / 10 }),
});

/** Great-circle distance in km between two points. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

@Injectable()
export class StoresService {
  constructor(@InjectRepository(Store) private readonly stores: Repository<Store>) {}

  async create(dto: CreateStoreDto): Promise<StoreResponseDto> {
    if (await this.stores.existsBy({ code: dto.code })) throw conflict('STORE_CODE_TAKEN', `A store with code ${dto.code} already exists`);
    return toStoreResponse(await this.stores.save(this.stores.create(dto)));
  }

  /** A retailer has tens to hundreds of stores: ranking them in memory is simpler and fast enough. */
  async list(query: StoreQueryDto): Promise<{ items: StoreResponseDto[]; nextCursor: null }> {
    const stores = await this.stores.find({ order: { name: 'ASC' } });
    if (query.near) {
      const [latitude, longitude] = query.near.split(',').map(Number);
      const ranked = stores.map((s) => ({ s, d: distanceKm({ latitude, longitude }, s) })).sort((a, b) => a.d - b.d);
      return { items: ranked.slice(0, query.limit ?? 20).map(({ s, d }) => toStoreResponse(s, d)), nextCursor: null };
    }
    if (query.postcode) {
      const area = query.postcode.slice(0, 2);
      stores.sort((a, b) => Number(b.postcode.startsWith(area)) - Number(a.postcode.startsWith(area)));
    }
    return { items: stores.slice(0, query.limit ?? 20).map((s) => toStoreResponse(s)), nextCursor: null };
  }
}
