// The demo shop's products: TVs, laptops and appliances from 20 to 2,500 EUR.
export interface Product {
  sku: string;
  name: string;
  family: 'tv' | 'laptop' | 'appliance' | 'accessory';
  price: number;
  blurb: string;
}

export const CATALOG: Product[] = [
  { sku: 'TV-OLED-55', name: 'TV OLED 55" Lumina', family: 'tv', price: 1200, blurb: '4K OLED, 120 Hz, Dolby Vision' },
  { sku: 'TV-QLED-65', name: 'TV QLED 65" Horizon', family: 'tv', price: 1690, blurb: '4K QLED, HDMI 2.1, 4 HDMI' },
  { sku: 'TV-LED-32', name: 'TV LED 32" Compact', family: 'tv', price: 229, blurb: 'HD, smart TV, wall mount ready' },
  { sku: 'LAP-PRO-16', name: 'Laptop Pro 16"', family: 'laptop', price: 2490, blurb: '32 GB RAM, 1 TB SSD, 16" 3K screen' },
  { sku: 'LAP-AIR-14', name: 'Laptop Air 14"', family: 'laptop', price: 899, blurb: '16 GB RAM, 512 GB SSD, 1.2 kg' },
  { sku: 'APP-WASH-9', name: 'Washing machine 9 kg', family: 'appliance', price: 649, blurb: '1,400 rpm, A energy class' },
  { sku: 'APP-ROBOT-V', name: 'Robot vacuum Clean+', family: 'appliance', price: 379, blurb: 'Lidar mapping, self-emptying base' },
  { sku: 'ACC-HDMI-2', name: 'HDMI 2.1 cable 2 m', family: 'accessory', price: 20, blurb: '48 Gbit/s, 8K ready' },
];

export const productBySku = (sku: string) => CATALOG.find((p) => p.sku === sku);
