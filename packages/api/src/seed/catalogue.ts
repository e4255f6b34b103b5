/** Demo catalogue: realistic products per merchant; SKUs vary by attribute. */
export interface DemoSku {
  code: string;
  attributes: Record<string, string>;
  price: string;
  stock: number;
}

export interface DemoProduct {
  title: string;
  description: string;
  currency: "USD" | "CNY" | "JPY";
  hue: number;
  skus: DemoSku[];
}

const sizes = (prefix: string, price: string, stock: number, colour?: string): DemoSku[] =>
  ["S", "M", "L"].map((size, i) => ({
    code: `${prefix}-${colour ? colour.slice(0, 3).toUpperCase() + "-" : ""}${size}`,
    attributes: { ...(colour ? { colour } : {}), size },
    price,
    stock: stock + i * 3,
  }));

export const northwind: DemoProduct[] = [
  {
    title: "Merino Crew Sweater",
    description: "Soft, breathable merino wool knit for everyday wear. Machine washable on a wool cycle.",
    currency: "USD",
    hue: 210,
    skus: [...sizes("MCS", "89.00", 12, "navy"), ...sizes("MCS", "89.00", 8, "oatmeal")],
  },
  {
    title: "Canvas Weekender Bag",
    description: "Waxed cotton canvas with leather handles and a padded laptop sleeve. Fits carry-on limits.",
    currency: "USD",
    hue: 30,
    skus: [
      { code: "CWB-OLIVE", attributes: { colour: "olive" }, price: "129.00", stock: 15 },
      { code: "CWB-SAND", attributes: { colour: "sand" }, price: "129.00", stock: 6 },
    ],
  },
  {
    title: "Stoneware Pour-Over Set",
    description: "Hand-glazed dripper and carafe for two cups of clean, bright coffee.",
    currency: "USD",
    hue: 20,
    skus: [
      { code: "SPO-WHITE", attributes: { glaze: "white" }, price: "54.50", stock: 20 },
      { code: "SPO-SLATE", attributes: { glaze: "slate" }, price: "54.50", stock: 3 },
    ],
  },
  {
    title: "Trail Running Socks (3 pack)",
    description: "Cushioned merino blend with a seamless toe. Three pairs per pack.",
    currency: "USD",
    hue: 120,
    skus: sizes("TRS", "24.00", 40),
  },
  {
    title: 'Cast Iron Skillet 10"',
    description: "Pre-seasoned cast iron that goes from stove to oven to table.",
    currency: "USD",
    hue: 0,
    skus: [
      { code: "CIS-10", attributes: { size: "10 in" }, price: "39.99", stock: 25 },
      { code: "CIS-12", attributes: { size: "12 in" }, price: "49.99", stock: 10 },
    ],
  },
  {
    title: "Linen Bedding Set",
    description: "Stonewashed European linen duvet cover and two pillowcases.",
    currency: "USD",
    hue: 260,
    skus: [
      { code: "LBS-Q-WHT", attributes: { size: "Queen", colour: "white" }, price: "189.00", stock: 7 },
      { code: "LBS-K-WHT", attributes: { size: "King", colour: "white" }, price: "219.00", stock: 5 },
      { code: "LBS-Q-CLY", attributes: { size: "Queen", colour: "clay" }, price: "189.00", stock: 2 },
    ],
  },
  {
    title: "Green Tea Sampler",
    description: "Six loose-leaf green teas from Hangzhou and Anhui, 25 g each.",
    currency: "CNY",
    hue: 100,
    skus: [
      { code: "GTS-6", attributes: { pack: "6 teas" }, price: "168.00", stock: 30 },
      { code: "GTS-12", attributes: { pack: "12 teas" }, price: "298.00", stock: 12 },
    ],
  },
  {
    title: "Silk Scarf",
    description: "Pure mulberry silk with a hand-rolled hem, printed in Suzhou.",
    currency: "CNY",
    hue: 330,
    skus: [
      { code: "SSC-JADE", attributes: { colour: "jade" }, price: "399.00", stock: 9 },
      { code: "SSC-RUBY", attributes: { colour: "ruby" }, price: "399.00", stock: 4 },
    ],
  },
  {
    title: "Bamboo Steamer Basket",
    description: "Two-tier bamboo steamer with lid, 25 cm, for dumplings and buns.",
    currency: "CNY",
    hue: 50,
    skus: [
      { code: "BSB-20", attributes: { size: "20 cm" }, price: "59.00", stock: 18 },
      { code: "BSB-25", attributes: { size: "25 cm" }, price: "79.00", stock: 14 },
    ],
  },
  {
    title: "Porcelain Tea Cups (set of 4)",
    description: "Thin-walled Jingdezhen porcelain with a celadon glaze.",
    currency: "CNY",
    hue: 170,
    skus: [{ code: "PTC-4", attributes: { set: "4 cups" }, price: "228.00", stock: 11 }],
  },
  {
    title: "Wireless Earbuds",
    description: "Active noise cancelling, 30-hour battery with case, USB-C charging.",
    currency: "USD",
    hue: 280,
    skus: [
      { code: "WEB-BLK", attributes: { colour: "black" }, price: "149.00", stock: 50 },
      { code: "WEB-WHT", attributes: { colour: "white" }, price: "149.00", stock: 1 },
    ],
  },
  {
    title: "Leather Card Holder",
    description: "Vegetable-tanned leather, four card slots and a centre pocket.",
    currency: "USD",
    hue: 15,
    skus: [
      { code: "LCH-TAN", attributes: { colour: "tan" }, price: "35.00", stock: 22 },
      { code: "LCH-BLK", attributes: { colour: "black" }, price: "35.00", stock: 0 },
    ],
  },
];

export const sakura: DemoProduct[] = [
  {
    title: "Hinoki Bath Stool",
    description: "Japanese cypress stool, naturally fragrant and water resistant.",
    currency: "JPY",
    hue: 40,
    skus: [
      { code: "HBS-S", attributes: { height: "20 cm" }, price: "6800", stock: 8 },
      { code: "HBS-L", attributes: { height: "25 cm" }, price: "8800", stock: 5 },
    ],
  },
  {
    title: "Matcha Whisk Set",
    description: "Bamboo chasen, scoop and ceramic bowl for ceremonial matcha.",
    currency: "JPY",
    hue: 90,
    skus: [
      { code: "MWS-STD", attributes: { set: "standard" }, price: "4500", stock: 30 },
      { code: "MWS-PRM", attributes: { set: "premium" }, price: "9800", stock: 6 },
    ],
  },
  {
    title: "Santoku Knife 165 mm",
    description: "VG-10 steel core with a Damascus cladding and magnolia handle.",
    currency: "JPY",
    hue: 200,
    skus: [
      { code: "SK-165", attributes: { length: "165 mm" }, price: "18500", stock: 10 },
      { code: "SK-180", attributes: { length: "180 mm" }, price: "21000", stock: 4 },
    ],
  },
  {
    title: "Furoshiki Wrapping Cloth",
    description: "Cotton furoshiki with classic patterns, 70 cm square.",
    currency: "JPY",
    hue: 350,
    skus: [
      { code: "FRS-WAVE", attributes: { pattern: "wave" }, price: "2200", stock: 40 },
      { code: "FRS-CRANE", attributes: { pattern: "crane" }, price: "2200", stock: 35 },
      { code: "FRS-PLUM", attributes: { pattern: "plum" }, price: "2200", stock: 3 },
    ],
  },
  {
    title: "Donabe Clay Pot",
    description: "Iga-yaki clay pot for rice and hot pot, serves 2-3.",
    currency: "JPY",
    hue: 25,
    skus: [{ code: "DON-2", attributes: { size: "2-3 servings" }, price: "12800", stock: 7 }],
  },
  {
    title: "Sencha Green Tea 100 g",
    description: "First-flush Shizuoka sencha, deep steamed.",
    currency: "JPY",
    hue: 110,
    skus: [
      { code: "SEN-100", attributes: { weight: "100 g" }, price: "1600", stock: 60 },
      { code: "SEN-200", attributes: { weight: "200 g" }, price: "2900", stock: 25 },
    ],
  },
  {
    title: "Washi Notebook",
    description: "Hand-bound notebook with washi paper, A5, 96 pages.",
    currency: "JPY",
    hue: 60,
    skus: [
      { code: "WN-A5-PLN", attributes: { ruling: "plain" }, price: "1800", stock: 45 },
      { code: "WN-A5-DOT", attributes: { ruling: "dot" }, price: "1800", stock: 38 },
    ],
  },
  {
    title: "Indigo Noren Curtain",
    description: "Hand-dyed indigo cotton doorway curtain, 85 x 150 cm.",
    currency: "JPY",
    hue: 230,
    skus: [{ code: "NOR-IND", attributes: { colour: "indigo" }, price: "7600", stock: 9 }],
  },
  {
    title: "Jasmine Pearl Tea",
    description: "Hand-rolled jasmine green tea pearls from Fujian, 100 g tin.",
    currency: "CNY",
    hue: 140,
    skus: [
      { code: "JPT-100", attributes: { weight: "100 g" }, price: "138.00", stock: 24 },
      { code: "JPT-250", attributes: { weight: "250 g" }, price: "318.00", stock: 8 },
    ],
  },
  {
    title: "Cloud Jacquard Cushion",
    description: "Woven jacquard cushion cover with a cloud motif, 45 cm.",
    currency: "CNY",
    hue: 190,
    skus: [
      { code: "CJC-BLU", attributes: { colour: "blue" }, price: "149.00", stock: 16 },
      { code: "CJC-GRY", attributes: { colour: "grey" }, price: "149.00", stock: 12 },
    ],
  },
  {
    title: "Travel Umbrella",
    description: "Compact, wind resistant umbrella that fits in a jacket pocket.",
    currency: "USD",
    hue: 300,
    skus: [
      { code: "TU-BLK", attributes: { colour: "black" }, price: "28.00", stock: 30 },
      { code: "TU-RED", attributes: { colour: "red" }, price: "28.00", stock: 14 },
    ],
  },
  {
    title: "Pocket Espresso Maker",
    description: "Hand-pumped portable espresso, 18 bar, no batteries.",
    currency: "USD",
    hue: 10,
    skus: [{ code: "PEM-1", attributes: { model: "classic" }, price: "64.90", stock: 18 }],
  },
];

/** A small generated SVG per product (no network, no binary assets). */
export function productImage(title: string, hue: number): string {
  const initials = title
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0])
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},65%,62%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},60%,42%)"/></linearGradient></defs><rect width="400" height="300" fill="url(#g)"/><circle cx="320" cy="60" r="90" fill="white" fill-opacity=".12"/><text x="200" y="175" font-family="system-ui,sans-serif" font-size="96" font-weight="700" fill="white" fill-opacity=".92" text-anchor="middle">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
