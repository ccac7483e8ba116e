// A city's office tree for the reporting tests: the province, the city and its
// four districts (20 officers each), as an exchange file names them.
export const PROVINCE = { code: '430000-committee', name: '湖南省委政法委', level: 'province', system: 'committee', parent: null, headcount: null };
export const CITY = { code: '430200-committee', name: '株洲市委政法委', level: 'city', system: 'committee', parent: '430000-committee', headcount: null };
const district = (code, name) => ({ code, name, level: 'county', system: 'committee', parent: CITY.code, headcount: 20 });
export const DISTRICTS = [
  district('430202-committee', '荷塘区委政法委'),
  district('430203-committee', '芦淞区委政法委'),
  district('430204-committee', '石峰区委政法委'),
  district('430211-committee', '天元区委政法委'),
];
