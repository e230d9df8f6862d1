/** Diagram templates: the categories a new diagram starts with, in the five workshop languages. */

export type Locale = 'en' | 'pl' | 'bg' | 'lv' | 'hu';
export const LOCALES: readonly Locale[] = ['en', 'pl', 'bg', 'lv', 'hu'];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export type TemplateId = 'blank' | '4m' | '6m' | '8p' | '4p' | '4s' | 'public-administration';

export interface Template {
  id: TemplateId;
  name: Record<Locale, string>;
  /** Category labels per locale, same count and order in every locale. */
  categories: Record<Locale, readonly string[]>;
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'blank',
    name: { en: 'Blank', pl: 'Pusty', bg: 'Празен', lv: 'Tukšs', hu: 'Üres' },
    categories: { en: [], pl: [], bg: [], lv: [], hu: [] },
  },
  {
    id: '4m',
    name: { en: '4M (production)', pl: '4M (produkcja)', bg: '4M (производство)', lv: '4M (ražošana)', hu: '4M (gyártás)' },
    categories: {
      en: ['Manpower', 'Machines', 'Methods', 'Materials'],
      pl: ['Ludzie', 'Maszyny', 'Metody', 'Materiały'],
      bg: ['Хора', 'Машини', 'Методи', 'Материали'],
      lv: ['Cilvēki', 'Iekārtas', 'Metodes', 'Materiāli'],
      hu: ['Ember', 'Gép', 'Módszer', 'Anyag'],
    },
  },
  {
    id: '6m',
    name: { en: '6M (production)', pl: '6M (produkcja)', bg: '6M (производство)', lv: '6M (ražošana)', hu: '6M (gyártás)' },
    categories: {
      en: ['Manpower', 'Machines', 'Methods', 'Materials', 'Measurement', 'Environment'],
      pl: ['Ludzie', 'Maszyny', 'Metody', 'Materiały', 'Pomiary', 'Środowisko'],
      bg: ['Хора', 'Машини', 'Методи', 'Материали', 'Измерване', 'Среда'],
      lv: ['Cilvēki', 'Iekārtas', 'Metodes', 'Materiāli', 'Mērījumi', 'Vide'],
      hu: ['Ember', 'Gép', 'Módszer', 'Anyag', 'Mérés', 'Környezet'],
    },
  },
  {
    id: '8p',
    name: { en: '8P (marketing and services)', pl: '8P (marketing i usługi)', bg: '8P (маркетинг и услуги)', lv: '8P (mārketings un pakalpojumi)', hu: '8P (marketing és szolgáltatások)' },
    categories: {
      en: ['Product/Service', 'Price', 'Place', 'Promotion', 'People', 'Processes', 'Physical evidence', 'Productivity and quality'],
      pl: ['Produkt/usługa', 'Cena', 'Miejsce', 'Promocja', 'Ludzie', 'Procesy', 'Świadectwo materialne', 'Produktywność i jakość'],
      bg: ['Продукт/услуга', 'Цена', 'Място', 'Промоция', 'Хора', 'Процеси', 'Физическа среда', 'Производителност и качество'],
      lv: ['Produkts/pakalpojums', 'Cena', 'Vieta', 'Virzīšana', 'Cilvēki', 'Procesi', 'Fiziskā vide', 'Produktivitāte un kvalitāte'],
      hu: ['Termék/szolgáltatás', 'Ár', 'Hely', 'Promóció', 'Emberek', 'Folyamatok', 'Tárgyi környezet', 'Termelékenység és minőség'],
    },
  },
  {
    id: '4p',
    name: { en: '4P (administration)', pl: '4P (administracja)', bg: '4P (администрация)', lv: '4P (administrācija)', hu: '4P (adminisztráció)' },
    categories: {
      en: ['Policies', 'Procedures', 'People', 'Plant/Technology'],
      pl: ['Polityki', 'Procedury', 'Ludzie', 'Infrastruktura/technologia'],
      bg: ['Политики', 'Процедури', 'Хора', 'Инфраструктура/технологии'],
      lv: ['Politikas', 'Procedūras', 'Cilvēki', 'Infrastruktūra/tehnoloģijas'],
      hu: ['Irányelvek', 'Eljárások', 'Emberek', 'Infrastruktúra/technológia'],
    },
  },
  {
    id: '4s',
    name: { en: '4S (service delivery)', pl: '4S (świadczenie usług)', bg: '4S (предоставяне на услуги)', lv: '4S (pakalpojumu sniegšana)', hu: '4S (szolgáltatásnyújtás)' },
    categories: {
      en: ['Surroundings', 'Suppliers', 'Systems', 'Skills'],
      pl: ['Otoczenie', 'Dostawcy', 'Systemy', 'Umiejętności'],
      bg: ['Обкръжение', 'Доставчици', 'Системи', 'Умения'],
      lv: ['Apkārtējā vide', 'Piegādātāji', 'Sistēmas', 'Prasmes'],
      hu: ['Környezet', 'Beszállítók', 'Rendszerek', 'Készségek'],
    },
  },
  {
    id: 'public-administration',
    name: { en: 'Public administration', pl: 'Administracja publiczna', bg: 'Публична администрация', lv: 'Valsts pārvalde', hu: 'Közigazgatás' },
    categories: {
      en: ['People', 'Processes', 'Law and regulations', 'Technology', 'Organisation', 'Communication', 'Finance'],
      pl: ['Ludzie', 'Procesy', 'Prawo i przepisy', 'Technologia', 'Organizacja', 'Komunikacja', 'Finanse'],
      bg: ['Хора', 'Процеси', 'Законодателство и регулации', 'Технологии', 'Организация', 'Комуникация', 'Финанси'],
      lv: ['Cilvēki', 'Procesi', 'Tiesību akti un regulējums', 'Tehnoloģijas', 'Organizācija', 'Komunikācija', 'Finanses'],
      hu: ['Emberek', 'Folyamatok', 'Jogszabályok és szabályozás', 'Technológia', 'Szervezet', 'Kommunikáció', 'Pénzügyek'],
    },
  },
];

export const TEMPLATE_IDS: readonly TemplateId[] = TEMPLATES.map((t) => t.id);

export function isTemplateId(value: unknown): value is TemplateId {
  return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}

export function getTemplate(id: TemplateId): Template {
  const template = TEMPLATES.find((t) => t.id === id);
  if (!template) throw new Error(`unknown template ${JSON.stringify(id)}`);
  return template;
}

export function templateCategories(id: TemplateId, locale: Locale): readonly string[] {
  return getTemplate(id).categories[locale];
}

export function templateName(id: TemplateId, locale: Locale): string {
  return getTemplate(id).name[locale];
}
