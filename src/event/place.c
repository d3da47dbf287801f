/*
 * Places: where a happening takes place, told from the organisations a
 * press release is full of. A name counts only when the sentence puts
 * something there ("in Lyon", "at the Palais des Nations", "Geneva-based",
 * "at the X Complex, Singapore"); "INTERPOL" or "the Singapore Police
 * Force" name no place. The gazetteer is a sorted static table searched
 * by bisection, small enough to read and to extend by hand.
 */
#include "event/event.h"

#include <stdlib.h>
#include <string.h>

/* Sorted by bytes with ASCII letters folded to lowercase (see cmp_name);
 * the unit test checks the order. kind: C city, N country, V venue. */
static const chr_place places[] = {
	{ "Aarhus", NULL, 'C' },
	{ "Aberdeen", NULL, 'C' },
	{ "Abidjan", NULL, 'C' },
	{ "Abu Dhabi", NULL, 'C' },
	{ "Abuja", NULL, 'C' },
	{ "Accra", NULL, 'C' },
	{ "Addis Ababa", NULL, 'C' },
	{ "Adelaide", NULL, 'C' },
	{ "Aden", NULL, 'C' },
	{ "Afghanistan", NULL, 'N' },
	{ "Agadez", NULL, 'C' },
	{ "Agadir", NULL, 'C' },
	{ "Ahmedabad", NULL, 'C' },
	{ "Aix-en-Provence", NULL, 'C' },
	{ "Alabama", NULL, 'N' },
	{ "Alaska", NULL, 'N' },
	{ "Albania", NULL, 'N' },
	{ "Alberta", NULL, 'N' },
	{ "Aleppo", NULL, 'C' },
	{ "Alexandria", NULL, 'C' },
	{ "Algeria", NULL, 'N' },
	{ "Algiers", NULL, 'C' },
	{ "Almaty", NULL, 'C' },
	{ "Amhara", NULL, 'N' },
	{ "Amman", NULL, 'C' },
	{ "Amsterdam", NULL, 'C' },
	{ "Anchorage", NULL, 'C' },
	{ "Andalusia", NULL, 'N' },
	{ "Andorra", NULL, 'N' },
	{ "Angola", NULL, 'N' },
	{ "Ankara", NULL, 'C' },
	{ "Antalya", NULL, 'C' },
	{ "Antananarivo", NULL, 'C' },
	{ "Antigua and Barbuda", NULL, 'N' },
	{ "Antwerp", NULL, 'C' },
	{ "Apia", NULL, 'C' },
	{ "Arequipa", NULL, 'C' },
	{ "Argentina", NULL, 'N' },
	{ "Arizona", NULL, 'N' },
	{ "Arkansas", NULL, 'N' },
	{ "Armenia", NULL, 'N' },
	{ "Arusha", NULL, 'C' },
	{ "Ashgabat", NULL, 'C' },
	{ "Asmara", NULL, 'C' },
	{ "Astana", NULL, 'C' },
	{ "Asuncion", NULL, 'C' },
	{ "Asunción", NULL, 'C' },
	{ "Aswan", NULL, 'C' },
	{ "Athens", NULL, 'C' },
	{ "Atlanta", NULL, 'C' },
	{ "Auckland", NULL, 'C' },
	{ "Austin", NULL, 'C' },
	{ "Australia", NULL, 'N' },
	{ "Austria", NULL, 'N' },
	{ "Avignon", NULL, 'C' },
	{ "Azerbaijan", NULL, 'N' },
	{ "Baghdad", NULL, 'C' },
	{ "Bahamas", NULL, 'N' },
	{ "Bahir Dar", NULL, 'C' },
	{ "Bahrain", NULL, 'N' },
	{ "Baidoa", NULL, 'C' },
	{ "Baku", NULL, 'C' },
	{ "Bali", NULL, 'C' },
	{ "Balochistan", NULL, 'N' },
	{ "Baltimore", NULL, 'C' },
	{ "Bamako", NULL, 'C' },
	{ "Bamenda", NULL, 'C' },
	{ "Bandar Seri Begawan", NULL, 'C' },
	{ "Bandung", NULL, 'C' },
	{ "Bangalore", NULL, 'C' },
	{ "Bangkok", NULL, 'C' },
	{ "Bangladesh", NULL, 'N' },
	{ "Bangui", NULL, 'C' },
	{ "Banjul", NULL, 'C' },
	{ "Barbados", NULL, 'N' },
	{ "Barcelona", NULL, 'C' },
	{ "Barranquilla", NULL, 'C' },
	{ "Basel", NULL, 'C' },
	{ "Basra", NULL, 'C' },
	{ "Basseterre", NULL, 'C' },
	{ "Bata", NULL, 'C' },
	{ "Batumi", NULL, 'C' },
	{ "Bavaria", NULL, 'N' },
	{ "Beijing", NULL, 'C' },
	{ "Beira", NULL, 'C' },
	{ "Beirut", NULL, 'C' },
	{ "Belarus", NULL, 'N' },
	{ "Belem", NULL, 'C' },
	{ "Belfast", NULL, 'C' },
	{ "Belgium", NULL, 'N' },
	{ "Belgrade", NULL, 'C' },
	{ "Belize", NULL, 'N' },
	{ "Belmopan", NULL, 'C' },
	{ "Belo Horizonte", NULL, 'C' },
	{ "Belém", NULL, 'C' },
	{ "Bengaluru", NULL, 'C' },
	{ "Benghazi", NULL, 'C' },
	{ "Benguela", NULL, 'C' },
	{ "Benin", NULL, 'N' },
	{ "Bergen", NULL, 'C' },
	{ "Berlin", NULL, 'C' },
	{ "Bern", NULL, 'C' },
	{ "Bethlehem", NULL, 'C' },
	{ "Bhutan", NULL, 'N' },
	{ "Bilbao", NULL, 'C' },
	{ "Birmingham", NULL, 'C' },
	{ "Bishkek", NULL, 'C' },
	{ "Bissau", NULL, 'C' },
	{ "Blantyre", NULL, 'C' },
	{ "Bloemfontein", NULL, 'C' },
	{ "Bobo-Dioulasso", NULL, 'C' },
	{ "Bogota", NULL, 'C' },
	{ "Bogotá", NULL, 'C' },
	{ "Bolivia", NULL, 'N' },
	{ "Bologna", NULL, 'C' },
	{ "Bonn", NULL, 'C' },
	{ "Bordeaux", NULL, 'C' },
	{ "Borneo", NULL, 'N' },
	{ "Bosaso", NULL, 'C' },
	{ "Bosnia and Herzegovina", NULL, 'N' },
	{ "Boston", NULL, 'C' },
	{ "Botswana", NULL, 'N' },
	{ "Brasilia", NULL, 'C' },
	{ "Brasília", NULL, 'C' },
	{ "Bratislava", NULL, 'C' },
	{ "Brazil", NULL, 'N' },
	{ "Brazzaville", NULL, 'C' },
	{ "Bremen", NULL, 'C' },
	{ "Bridgetown", NULL, 'C' },
	{ "Brighton", NULL, 'C' },
	{ "Brisbane", NULL, 'C' },
	{ "Bristol", NULL, 'C' },
	{ "Britain", NULL, 'N' },
	{ "British Columbia", NULL, 'N' },
	{ "Brittany", NULL, 'N' },
	{ "Brno", NULL, 'C' },
	{ "Bruges", NULL, 'C' },
	{ "Brunei", NULL, 'N' },
	{ "Brussels", NULL, 'C' },
	{ "Bucharest", NULL, 'C' },
	{ "Budapest", NULL, 'C' },
	{ "Buenos Aires", NULL, 'C' },
	{ "Bujumbura", NULL, 'C' },
	{ "Bukavu", NULL, 'C' },
	{ "Bulawayo", NULL, 'C' },
	{ "Bulgaria", NULL, 'N' },
	{ "Burkina Faso", NULL, 'N' },
	{ "Burundi", NULL, 'N' },
	{ "Busan", NULL, 'C' },
	{ "Cabo Delgado", NULL, 'N' },
	{ "Cairo", NULL, 'C' },
	{ "Calgary", NULL, 'C' },
	{ "Cali", NULL, 'C' },
	{ "California", NULL, 'N' },
	{ "Cambodia", NULL, 'N' },
	{ "Cambridge", NULL, 'C' },
	{ "Cameroon", NULL, 'N' },
	{ "Canada", NULL, 'N' },
	{ "Canberra", NULL, 'C' },
	{ "Cancun", NULL, 'C' },
	{ "Cancún", NULL, 'C' },
	{ "Cannes", NULL, 'C' },
	{ "Cape Town", NULL, 'C' },
	{ "Cape Verde", NULL, 'N' },
	{ "Caracas", NULL, 'C' },
	{ "Cardiff", NULL, 'C' },
	{ "Cartagena", NULL, 'C' },
	{ "Casablanca", NULL, 'C' },
	{ "Castries", NULL, 'C' },
	{ "Catalonia", NULL, 'N' },
	{ "Cebu", NULL, 'C' },
	{ "Central African Republic", NULL, 'N' },
	{ "Chad", NULL, 'N' },
	{ "Charlotte", NULL, 'C' },
	{ "Chengdu", NULL, 'C' },
	{ "Chennai", NULL, 'C' },
	{ "Chiang Mai", NULL, 'C' },
	{ "Chicago", NULL, 'C' },
	{ "Chile", NULL, 'N' },
	{ "China", NULL, 'N' },
	{ "Chisinau", NULL, 'C' },
	{ "Chittagong", NULL, 'C' },
	{ "Chongqing", NULL, 'C' },
	{ "Christchurch", NULL, 'C' },
	{ "Cincinnati", NULL, 'C' },
	{ "Cleveland", NULL, 'C' },
	{ "Cluj-Napoca", NULL, 'C' },
	{ "Cochabamba", NULL, 'C' },
	{ "Coimbra", NULL, 'C' },
	{ "Cologne", NULL, 'C' },
	{ "Colombia", NULL, 'N' },
	{ "Colombo", NULL, 'C' },
	{ "Colorado", NULL, 'N' },
	{ "Columbus", NULL, 'C' },
	{ "Comoros", NULL, 'N' },
	{ "Conakry", NULL, 'C' },
	{ "Concepcion", NULL, 'C' },
	{ "Congo", NULL, 'N' },
	{ "Connecticut", NULL, 'N' },
	{ "Constantine", NULL, 'C' },
	{ "Copenhagen", NULL, 'C' },
	{ "Cordoba", NULL, 'C' },
	{ "Cork", NULL, 'C' },
	{ "Corsica", NULL, 'N' },
	{ "Costa Rica", NULL, 'N' },
	{ "Cote d'Ivoire", NULL, 'N' },
	{ "Cotonou", NULL, 'C' },
	{ "Cox's Bazar", NULL, 'C' },
	{ "Crimea", NULL, 'N' },
	{ "Croatia", NULL, 'N' },
	{ "Cuba", NULL, 'N' },
	{ "Cucuta", NULL, 'C' },
	{ "Curitiba", NULL, 'C' },
	{ "Cusco", NULL, 'C' },
	{ "Cyprus", NULL, 'N' },
	{ "Czech Republic", NULL, 'N' },
	{ "Czechia", NULL, 'N' },
	{ "Córdoba", NULL, 'C' },
	{ "Côte d'Ivoire", NULL, 'N' },
	{ "Da Nang", NULL, 'C' },
	{ "Daegu", NULL, 'C' },
	{ "Dakar", NULL, 'C' },
	{ "Dallas", NULL, 'C' },
	{ "Damascus", NULL, 'C' },
	{ "Dar es Salaam", NULL, 'C' },
	{ "Darfur", NULL, 'N' },
	{ "Davao", NULL, 'C' },
	{ "Davos", NULL, 'C' },
	{ "Debrecen", NULL, 'C' },
	{ "Delaware", NULL, 'N' },
	{ "Delhi", NULL, 'C' },
	{ "Democratic Republic of the Congo", NULL, 'N' },
	{ "Denmark", NULL, 'N' },
	{ "Denpasar", NULL, 'C' },
	{ "Denver", NULL, 'C' },
	{ "Detroit", NULL, 'C' },
	{ "Dhaka", NULL, 'C' },
	{ "Dili", NULL, 'C' },
	{ "Dire Dawa", NULL, 'C' },
	{ "Djibouti", NULL, 'N' },
	{ "Djibouti City", NULL, 'C' },
	{ "Dnipro", NULL, 'C' },
	{ "Dodoma", NULL, 'C' },
	{ "Doha", NULL, 'C' },
	{ "Dominica", NULL, 'N' },
	{ "Dominican Republic", NULL, 'N' },
	{ "Donbas", NULL, 'N' },
	{ "Douala", NULL, 'C' },
	{ "DRC", NULL, 'N' },
	{ "Dresden", NULL, 'C' },
	{ "Dubai", NULL, 'C' },
	{ "Dublin", NULL, 'C' },
	{ "Dubrovnik", NULL, 'C' },
	{ "Durban", NULL, 'C' },
	{ "Dushanbe", NULL, 'C' },
	{ "Dusseldorf", NULL, 'C' },
	{ "Düsseldorf", NULL, 'C' },
	{ "East Timor", NULL, 'N' },
	{ "Ecuador", NULL, 'N' },
	{ "Edinburgh", NULL, 'C' },
	{ "Edmonton", NULL, 'C' },
	{ "Egypt", NULL, 'N' },
	{ "Eindhoven", NULL, 'C' },
	{ "El Fasher", NULL, 'C' },
	{ "El Salvador", NULL, 'N' },
	{ "Eldoret", NULL, 'C' },
	{ "England", NULL, 'N' },
	{ "Entebbe", NULL, 'C' },
	{ "Enugu", NULL, 'C' },
	{ "Equateur", NULL, 'N' },
	{ "Equatorial Guinea", NULL, 'N' },
	{ "Erbil", NULL, 'C' },
	{ "Eritrea", NULL, 'N' },
	{ "Estonia", NULL, 'N' },
	{ "Eswatini", NULL, 'N' },
	{ "Ethiopia", NULL, 'N' },
	{ "Faisalabad", NULL, 'C' },
	{ "Fez", NULL, 'C' },
	{ "Fiji", NULL, 'N' },
	{ "Finland", NULL, 'N' },
	{ "Flanders", NULL, 'N' },
	{ "Florence", NULL, 'C' },
	{ "Florianopolis", NULL, 'C' },
	{ "Florida", NULL, 'N' },
	{ "Fortaleza", NULL, 'C' },
	{ "France", NULL, 'N' },
	{ "Francistown", NULL, 'C' },
	{ "Frankfurt", NULL, 'C' },
	{ "Freetown", NULL, 'C' },
	{ "Fukuoka", NULL, 'C' },
	{ "Funchal", NULL, 'C' },
	{ "Gabon", NULL, 'N' },
	{ "Gaborone", NULL, 'C' },
	{ "Galway", NULL, 'C' },
	{ "Gambia", NULL, 'N' },
	{ "Garowe", NULL, 'C' },
	{ "Gaza", NULL, 'C' },
	{ "Gdansk", NULL, 'C' },
	{ "Gdańsk", NULL, 'C' },
	{ "Geneva", NULL, 'C' },
	{ "Genoa", NULL, 'C' },
	{ "Georgia", NULL, 'N' },
	{ "Germany", NULL, 'N' },
	{ "Ghana", NULL, 'N' },
	{ "Ghent", NULL, 'C' },
	{ "Gigiri", "Nairobi", 'V' },
	{ "Gitega", NULL, 'C' },
	{ "Glasgow", NULL, 'C' },
	{ "Goma", NULL, 'C' },
	{ "Gondar", NULL, 'C' },
	{ "Gothenburg", NULL, 'C' },
	{ "Granada", NULL, 'C' },
	{ "Graz", NULL, 'C' },
	{ "Great Britain", NULL, 'N' },
	{ "Greece", NULL, 'N' },
	{ "Greenland", NULL, 'N' },
	{ "Grenada", NULL, 'N' },
	{ "Grenoble", NULL, 'C' },
	{ "Groningen", NULL, 'C' },
	{ "Guadalajara", NULL, 'C' },
	{ "Guangzhou", NULL, 'C' },
	{ "Guatemala", NULL, 'N' },
	{ "Guatemala City", NULL, 'C' },
	{ "Guayaquil", NULL, 'C' },
	{ "Guinea", NULL, 'N' },
	{ "Guinea-Bissau", NULL, 'N' },
	{ "Gulu", NULL, 'C' },
	{ "Guyana", NULL, 'N' },
	{ "Gyumri", NULL, 'C' },
	{ "Haifa", NULL, 'C' },
	{ "Haiti", NULL, 'N' },
	{ "Halifax", NULL, 'C' },
	{ "Hamburg", NULL, 'C' },
	{ "Hangzhou", NULL, 'C' },
	{ "Hanoi", NULL, 'C' },
	{ "Hanover", NULL, 'C' },
	{ "Harare", NULL, 'C' },
	{ "Harbin", NULL, 'C' },
	{ "Hargeisa", NULL, 'C' },
	{ "Havana", NULL, 'C' },
	{ "Hawaii", NULL, 'N' },
	{ "Hawassa", NULL, 'C' },
	{ "Hebron", NULL, 'C' },
	{ "Heidelberg", NULL, 'C' },
	{ "Helsinki", NULL, 'C' },
	{ "Herat", NULL, 'C' },
	{ "Hiroshima", NULL, 'C' },
	{ "Ho Chi Minh City", NULL, 'C' },
	{ "Hobart", NULL, 'C' },
	{ "Hodeidah", NULL, 'C' },
	{ "Hokkaido", NULL, 'N' },
	{ "Holy See", NULL, 'N' },
	{ "Honduras", NULL, 'N' },
	{ "Hong Kong", NULL, 'C' },
	{ "Honiara", NULL, 'C' },
	{ "Honolulu", NULL, 'C' },
	{ "Houston", NULL, 'C' },
	{ "Huambo", NULL, 'C' },
	{ "Hungary", NULL, 'N' },
	{ "Hyderabad", NULL, 'C' },
	{ "Iasi", NULL, 'C' },
	{ "Ibadan", NULL, 'C' },
	{ "Iceland", NULL, 'N' },
	{ "Idaho", NULL, 'N' },
	{ "Illinois", NULL, 'N' },
	{ "Incheon", NULL, 'C' },
	{ "India", NULL, 'N' },
	{ "Indiana", NULL, 'N' },
	{ "Indianapolis", NULL, 'C' },
	{ "Indonesia", NULL, 'N' },
	{ "Innsbruck", NULL, 'C' },
	{ "Iowa", NULL, 'N' },
	{ "Iquitos", NULL, 'C' },
	{ "Iran", NULL, 'N' },
	{ "Iraq", NULL, 'N' },
	{ "Ireland", NULL, 'N' },
	{ "Isfahan", NULL, 'C' },
	{ "Islamabad", NULL, 'C' },
	{ "Israel", NULL, 'N' },
	{ "Istanbul", NULL, 'C' },
	{ "Italy", NULL, 'N' },
	{ "Ituri", NULL, 'N' },
	{ "Ivory Coast", NULL, 'N' },
	{ "Izmir", NULL, 'C' },
	{ "Jaipur", NULL, 'C' },
	{ "Jakarta", NULL, 'C' },
	{ "Jamaica", NULL, 'N' },
	{ "Japan", NULL, 'N' },
	{ "Jeddah", NULL, 'C' },
	{ "Jerusalem", NULL, 'C' },
	{ "Johannesburg", NULL, 'C' },
	{ "Johor Bahru", NULL, 'C' },
	{ "Jordan", NULL, 'N' },
	{ "Juba", NULL, 'C' },
	{ "Kabul", NULL, 'C' },
	{ "Kaduna", NULL, 'C' },
	{ "Kampala", NULL, 'C' },
	{ "Kandahar", NULL, 'C' },
	{ "Kandy", NULL, 'C' },
	{ "Kano", NULL, 'C' },
	{ "Kansas", NULL, 'N' },
	{ "Kansas City", NULL, 'C' },
	{ "Kaohsiung", NULL, 'C' },
	{ "Karachi", NULL, 'C' },
	{ "Kashmir", NULL, 'N' },
	{ "Kassala", NULL, 'C' },
	{ "Kathmandu", NULL, 'C' },
	{ "Kaunas", NULL, 'C' },
	{ "Kazakhstan", NULL, 'N' },
	{ "Kazan", NULL, 'C' },
	{ "Kentucky", NULL, 'N' },
	{ "Kenya", NULL, 'N' },
	{ "Kerala", NULL, 'N' },
	{ "Kharkiv", NULL, 'C' },
	{ "Khartoum", NULL, 'C' },
	{ "Kiev", NULL, 'C' },
	{ "Kigali", NULL, 'C' },
	{ "Kingston", NULL, 'C' },
	{ "Kingstown", NULL, 'C' },
	{ "Kinshasa", NULL, 'C' },
	{ "Kiribati", NULL, 'N' },
	{ "Kisangani", NULL, 'C' },
	{ "Kismayo", NULL, 'C' },
	{ "Kisumu", NULL, 'C' },
	{ "Kitwe", NULL, 'C' },
	{ "Kobe", NULL, 'C' },
	{ "Kochi", NULL, 'C' },
	{ "Kolkata", NULL, 'C' },
	{ "Korea", NULL, 'N' },
	{ "Kosice", NULL, 'C' },
	{ "Kosovo", NULL, 'N' },
	{ "Kota Kinabalu", NULL, 'C' },
	{ "Krakow", NULL, 'C' },
	{ "Kraków", NULL, 'C' },
	{ "Kuala Lumpur", NULL, 'C' },
	{ "Kuching", NULL, 'C' },
	{ "Kumasi", NULL, 'C' },
	{ "Kunming", NULL, 'C' },
	{ "Kurdistan", NULL, 'N' },
	{ "Kuwait", NULL, 'N' },
	{ "Kuwait City", NULL, 'C' },
	{ "Kyiv", NULL, 'C' },
	{ "Kyoto", NULL, 'C' },
	{ "Kyrgyzstan", NULL, 'N' },
	{ "La Paz", NULL, 'C' },
	{ "Lagos", NULL, 'C' },
	{ "Lahore", NULL, 'C' },
	{ "Laos", NULL, 'N' },
	{ "Las Vegas", NULL, 'C' },
	{ "Latvia", NULL, 'N' },
	{ "Lausanne", NULL, 'C' },
	{ "Lebanon", NULL, 'N' },
	{ "Leeds", NULL, 'C' },
	{ "Leiden", NULL, 'C' },
	{ "Leipzig", NULL, 'C' },
	{ "Lesotho", NULL, 'N' },
	{ "Leuven", NULL, 'C' },
	{ "Liberia", NULL, 'N' },
	{ "Libreville", NULL, 'C' },
	{ "Libya", NULL, 'N' },
	{ "Liechtenstein", NULL, 'N' },
	{ "Liege", NULL, 'C' },
	{ "Lille", NULL, 'C' },
	{ "Lilongwe", NULL, 'C' },
	{ "Lima", NULL, 'C' },
	{ "Linz", NULL, 'C' },
	{ "Lisbon", NULL, 'C' },
	{ "Lithuania", NULL, 'N' },
	{ "Liverpool", NULL, 'C' },
	{ "Livingstone", NULL, 'C' },
	{ "Liège", NULL, 'C' },
	{ "Ljubljana", NULL, 'C' },
	{ "Lodz", NULL, 'C' },
	{ "Lombardy", NULL, 'N' },
	{ "Lome", NULL, 'C' },
	{ "Lomé", NULL, 'C' },
	{ "London", NULL, 'C' },
	{ "Los Angeles", NULL, 'C' },
	{ "Louisiana", NULL, 'N' },
	{ "Luanda", NULL, 'C' },
	{ "Lubumbashi", NULL, 'C' },
	{ "Lucerne", NULL, 'C' },
	{ "Lucknow", NULL, 'C' },
	{ "Lugano", NULL, 'C' },
	{ "Lusaka", NULL, 'C' },
	{ "Luxembourg", NULL, 'N' },
	{ "Luxembourg City", NULL, 'C' },
	{ "Luxor", NULL, 'C' },
	{ "Lviv", NULL, 'C' },
	{ "Lyon", NULL, 'C' },
	{ "Maastricht", NULL, 'C' },
	{ "Madagascar", NULL, 'N' },
	{ "Madrid", NULL, 'C' },
	{ "Maine", NULL, 'N' },
	{ "Makassar", NULL, 'C' },
	{ "Malabo", NULL, 'C' },
	{ "Malaga", NULL, 'C' },
	{ "Malakal", NULL, 'C' },
	{ "Malawi", NULL, 'N' },
	{ "Malaysia", NULL, 'N' },
	{ "Maldives", NULL, 'N' },
	{ "Mali", NULL, 'N' },
	{ "Malmo", NULL, 'C' },
	{ "Malmö", NULL, 'C' },
	{ "Malta", NULL, 'N' },
	{ "Managua", NULL, 'C' },
	{ "Manama", NULL, 'C' },
	{ "Manaus", NULL, 'C' },
	{ "Manchester", NULL, 'C' },
	{ "Manila", NULL, 'C' },
	{ "Manitoba", NULL, 'N' },
	{ "Manzini", NULL, 'C' },
	{ "Maputo", NULL, 'C' },
	{ "Maracaibo", NULL, 'C' },
	{ "Marrakech", NULL, 'C' },
	{ "Marseille", NULL, 'C' },
	{ "Marshall Islands", NULL, 'N' },
	{ "Maryland", NULL, 'N' },
	{ "Maseru", NULL, 'C' },
	{ "Mashhad", NULL, 'C' },
	{ "Massachusetts", NULL, 'N' },
	{ "Maun", NULL, 'C' },
	{ "Mauritania", NULL, 'N' },
	{ "Mauritius", NULL, 'N' },
	{ "Mazar-i-Sharif", NULL, 'C' },
	{ "Mbabane", NULL, 'C' },
	{ "Mecca", NULL, 'C' },
	{ "Medan", NULL, 'C' },
	{ "Medellin", NULL, 'C' },
	{ "Medellín", NULL, 'C' },
	{ "Medina", NULL, 'C' },
	{ "Mekelle", NULL, 'C' },
	{ "Melbourne", NULL, 'C' },
	{ "Mendoza", NULL, 'C' },
	{ "Merida", NULL, 'C' },
	{ "Mexico", NULL, 'N' },
	{ "Mexico City", NULL, 'C' },
	{ "Miami", NULL, 'C' },
	{ "Michigan", NULL, 'N' },
	{ "Micronesia", NULL, 'N' },
	{ "Milan", NULL, 'C' },
	{ "Milwaukee", NULL, 'C' },
	{ "Mindanao", NULL, 'N' },
	{ "Minneapolis", NULL, 'C' },
	{ "Minnesota", NULL, 'N' },
	{ "Minsk", NULL, 'C' },
	{ "Misrata", NULL, 'C' },
	{ "Mississippi", NULL, 'N' },
	{ "Missouri", NULL, 'N' },
	{ "Mogadishu", NULL, 'C' },
	{ "Moldova", NULL, 'N' },
	{ "Mombasa", NULL, 'C' },
	{ "Monaco", NULL, 'N' },
	{ "Mongolia", NULL, 'N' },
	{ "Monrovia", NULL, 'C' },
	{ "Montana", NULL, 'N' },
	{ "Montenegro", NULL, 'N' },
	{ "Monterrey", NULL, 'C' },
	{ "Montevideo", NULL, 'C' },
	{ "Montpellier", NULL, 'C' },
	{ "Montreal", NULL, 'C' },
	{ "Montreux", NULL, 'C' },
	{ "Mopti", NULL, 'C' },
	{ "Morocco", NULL, 'N' },
	{ "Moscow", NULL, 'C' },
	{ "Mosul", NULL, 'C' },
	{ "Mozambique", NULL, 'N' },
	{ "Mumbai", NULL, 'C' },
	{ "Munich", NULL, 'C' },
	{ "Muscat", NULL, 'C' },
	{ "Mutare", NULL, 'C' },
	{ "Mwanza", NULL, 'C' },
	{ "Myanmar", NULL, 'N' },
	{ "Mzuzu", NULL, 'C' },
	{ "Málaga", NULL, 'C' },
	{ "Mérida", NULL, 'C' },
	{ "N'Djamena", NULL, 'C' },
	{ "Nagoya", NULL, 'C' },
	{ "Nairobi", NULL, 'C' },
	{ "Naivasha", NULL, 'C' },
	{ "Nakuru", NULL, 'C' },
	{ "Namibia", NULL, 'N' },
	{ "Nampula", NULL, 'C' },
	{ "Nanjing", NULL, 'C' },
	{ "Nantes", NULL, 'C' },
	{ "Naples", NULL, 'C' },
	{ "Nashville", NULL, 'C' },
	{ "Nassau", NULL, 'C' },
	{ "Nauru", NULL, 'N' },
	{ "Nay Pyi Taw", NULL, 'C' },
	{ "Naypyidaw", NULL, 'C' },
	{ "Ndjamena", NULL, 'C' },
	{ "Nebraska", NULL, 'N' },
	{ "Nepal", NULL, 'N' },
	{ "Netherlands", NULL, 'N' },
	{ "Nevada", NULL, 'N' },
	{ "New Brunswick", NULL, 'N' },
	{ "New Delhi", NULL, 'C' },
	{ "New Hampshire", NULL, 'N' },
	{ "New Jersey", NULL, 'N' },
	{ "New Mexico", NULL, 'N' },
	{ "New Orleans", NULL, 'C' },
	{ "New South Wales", NULL, 'N' },
	{ "New York", NULL, 'C' },
	{ "New York City", NULL, 'C' },
	{ "New Zealand", NULL, 'N' },
	{ "Newfoundland", NULL, 'N' },
	{ "Niamey", NULL, 'C' },
	{ "Nicaragua", NULL, 'N' },
	{ "Nice", NULL, 'C' },
	{ "Nicosia", NULL, 'C' },
	{ "Niger", NULL, 'N' },
	{ "Nigeria", NULL, 'N' },
	{ "Normandy", NULL, 'N' },
	{ "North Carolina", NULL, 'N' },
	{ "North Dakota", NULL, 'N' },
	{ "North Kivu", NULL, 'N' },
	{ "North Korea", NULL, 'N' },
	{ "North Macedonia", NULL, 'N' },
	{ "Northern Ireland", NULL, 'N' },
	{ "Norway", NULL, 'N' },
	{ "Nouakchott", NULL, 'C' },
	{ "Nova Scotia", NULL, 'N' },
	{ "Novi Sad", NULL, 'C' },
	{ "Novosibirsk", NULL, 'C' },
	{ "Nuku'alofa", NULL, 'C' },
	{ "Nuremberg", NULL, 'C' },
	{ "Nuuk", NULL, 'C' },
	{ "Nyala", NULL, 'C' },
	{ "Oaxaca", NULL, 'C' },
	{ "Odesa", NULL, 'C' },
	{ "Odessa", NULL, 'C' },
	{ "Ohrid", NULL, 'C' },
	{ "Okinawa", NULL, 'N' },
	{ "Oklahoma", NULL, 'N' },
	{ "Oman", NULL, 'N' },
	{ "Ontario", NULL, 'N' },
	{ "Oran", NULL, 'C' },
	{ "Oregon", NULL, 'N' },
	{ "Orlando", NULL, 'C' },
	{ "Oromia", NULL, 'N' },
	{ "Osaka", NULL, 'C' },
	{ "Osh", NULL, 'C' },
	{ "Oslo", NULL, 'C' },
	{ "Ottawa", NULL, 'C' },
	{ "Ouagadougou", NULL, 'C' },
	{ "Oxford", NULL, 'C' },
	{ "Pakistan", NULL, 'N' },
	{ "Palais des Nations", "Palais des Nations, Geneva", 'V' },
	{ "Palau", NULL, 'N' },
	{ "Palermo", NULL, 'C' },
	{ "Palestine", NULL, 'N' },
	{ "Palma", NULL, 'C' },
	{ "Panama", NULL, 'N' },
	{ "Panama City", NULL, 'C' },
	{ "Papua New Guinea", NULL, 'N' },
	{ "Paraguay", NULL, 'N' },
	{ "Paramaribo", NULL, 'C' },
	{ "Paris", NULL, 'C' },
	{ "Patagonia", NULL, 'N' },
	{ "Peace Palace", "Peace Palace, The Hague", 'V' },
	{ "Penang", NULL, 'C' },
	{ "Pennsylvania", NULL, 'N' },
	{ "Perth", NULL, 'C' },
	{ "Peru", NULL, 'N' },
	{ "Peshawar", NULL, 'C' },
	{ "Philadelphia", NULL, 'C' },
	{ "Philippines", NULL, 'N' },
	{ "Phnom Penh", NULL, 'C' },
	{ "Phoenix", NULL, 'C' },
	{ "Phuket", NULL, 'C' },
	{ "Pisa", NULL, 'C' },
	{ "Pittsburgh", NULL, 'C' },
	{ "Plovdiv", NULL, 'C' },
	{ "Podgorica", NULL, 'C' },
	{ "Pointe-Noire", NULL, 'C' },
	{ "Poland", NULL, 'N' },
	{ "Port Harcourt", NULL, 'C' },
	{ "Port Louis", NULL, 'C' },
	{ "Port Moresby", NULL, 'C' },
	{ "Port of Spain", NULL, 'C' },
	{ "Port Sudan", NULL, 'C' },
	{ "Port Vila", NULL, 'C' },
	{ "Port-au-Prince", NULL, 'C' },
	{ "Portland", NULL, 'C' },
	{ "Porto", NULL, 'C' },
	{ "Porto Alegre", NULL, 'C' },
	{ "Porto-Novo", NULL, 'C' },
	{ "Portugal", NULL, 'N' },
	{ "Poznan", NULL, 'C' },
	{ "Poznań", NULL, 'C' },
	{ "Prague", NULL, 'C' },
	{ "Praia", NULL, 'C' },
	{ "Pretoria", NULL, 'C' },
	{ "Pristina", NULL, 'C' },
	{ "Provence", NULL, 'N' },
	{ "Puebla", NULL, 'C' },
	{ "Puerto Rico", NULL, 'N' },
	{ "Pune", NULL, 'C' },
	{ "Punjab", NULL, 'N' },
	{ "Qatar", NULL, 'N' },
	{ "Quebec", NULL, 'N' },
	{ "Queensland", NULL, 'N' },
	{ "Quelimane", NULL, 'C' },
	{ "Quetta", NULL, 'C' },
	{ "Quezon City", NULL, 'C' },
	{ "Quito", NULL, 'C' },
	{ "Rabat", NULL, 'C' },
	{ "Raleigh", NULL, 'C' },
	{ "Ramallah", NULL, 'C' },
	{ "Rawalpindi", NULL, 'C' },
	{ "Recife", NULL, 'C' },
	{ "Reims", NULL, 'C' },
	{ "Rennes", NULL, 'C' },
	{ "Republic of the Congo", NULL, 'N' },
	{ "Reykjavik", NULL, 'C' },
	{ "Rhode Island", NULL, 'N' },
	{ "Riga", NULL, 'C' },
	{ "Rio de Janeiro", NULL, 'C' },
	{ "Riyadh", NULL, 'C' },
	{ "Romania", NULL, 'N' },
	{ "Rome", NULL, 'C' },
	{ "Rosario", NULL, 'C' },
	{ "Rotterdam", NULL, 'C' },
	{ "Rovaniemi", NULL, 'C' },
	{ "Russia", NULL, 'N' },
	{ "Rwanda", NULL, 'N' },
	{ "Sacramento", NULL, 'C' },
	{ "Saint Kitts and Nevis", NULL, 'N' },
	{ "Saint Lucia", NULL, 'N' },
	{ "Saint Petersburg", NULL, 'C' },
	{ "Saint Vincent and the Grenadines", NULL, 'N' },
	{ "Salt Lake City", NULL, 'C' },
	{ "Salta", NULL, 'C' },
	{ "Salzburg", NULL, 'C' },
	{ "Samarkand", NULL, 'C' },
	{ "Samoa", NULL, 'N' },
	{ "San Diego", NULL, 'C' },
	{ "San Francisco", NULL, 'C' },
	{ "San Jose", NULL, 'C' },
	{ "San Juan", NULL, 'C' },
	{ "San Marino", NULL, 'N' },
	{ "San Pedro Sula", NULL, 'C' },
	{ "San Salvador", NULL, 'C' },
	{ "Sana'a", NULL, 'C' },
	{ "Sanaa", NULL, 'C' },
	{ "Santa Cruz", NULL, 'C' },
	{ "Santiago", NULL, 'C' },
	{ "Santiago de Cuba", NULL, 'C' },
	{ "Santo Domingo", NULL, 'C' },
	{ "Sao Paulo", NULL, 'C' },
	{ "Sao Tome and Principe", NULL, 'N' },
	{ "Sapporo", NULL, 'C' },
	{ "Sarajevo", NULL, 'C' },
	{ "Sardinia", NULL, 'N' },
	{ "Saskatchewan", NULL, 'N' },
	{ "Saudi Arabia", NULL, 'N' },
	{ "Scotland", NULL, 'N' },
	{ "Seattle", NULL, 'C' },
	{ "Senegal", NULL, 'N' },
	{ "Seoul", NULL, 'C' },
	{ "Serbia", NULL, 'N' },
	{ "Seville", NULL, 'C' },
	{ "Seychelles", NULL, 'N' },
	{ "Sfax", NULL, 'C' },
	{ "Shanghai", NULL, 'C' },
	{ "Sharjah", NULL, 'C' },
	{ "Sharm el-Sheikh", NULL, 'C' },
	{ "Shenzhen", NULL, 'C' },
	{ "Shiraz", NULL, 'C' },
	{ "Siberia", NULL, 'N' },
	{ "Sicily", NULL, 'N' },
	{ "Siem Reap", NULL, 'C' },
	{ "Sierra Leone", NULL, 'N' },
	{ "Sindh", NULL, 'N' },
	{ "Singapore", NULL, 'C' },
	{ "Skopje", NULL, 'C' },
	{ "Slovakia", NULL, 'N' },
	{ "Slovenia", NULL, 'N' },
	{ "Sochi", NULL, 'C' },
	{ "Sofia", NULL, 'C' },
	{ "Solomon Islands", NULL, 'N' },
	{ "Somalia", NULL, 'N' },
	{ "Somaliland", NULL, 'N' },
	{ "Sousse", NULL, 'C' },
	{ "South Africa", NULL, 'N' },
	{ "South Australia", NULL, 'N' },
	{ "South Carolina", NULL, 'N' },
	{ "South Dakota", NULL, 'N' },
	{ "South Kivu", NULL, 'N' },
	{ "South Korea", NULL, 'N' },
	{ "South Sudan", NULL, 'N' },
	{ "Spain", NULL, 'N' },
	{ "Sri Lanka", NULL, 'N' },
	{ "St Petersburg", NULL, 'C' },
	{ "St. Louis", NULL, 'C' },
	{ "St. Petersburg", NULL, 'C' },
	{ "Stavanger", NULL, 'C' },
	{ "Stellenbosch", NULL, 'C' },
	{ "Stockholm", NULL, 'C' },
	{ "Strasbourg", NULL, 'C' },
	{ "Stuttgart", NULL, 'C' },
	{ "Sucre", NULL, 'C' },
	{ "Sudan", NULL, 'N' },
	{ "Sumatra", NULL, 'N' },
	{ "Surabaya", NULL, 'C' },
	{ "Suriname", NULL, 'N' },
	{ "Suva", NULL, 'C' },
	{ "Swakopmund", NULL, 'C' },
	{ "Sweden", NULL, 'N' },
	{ "Switzerland", NULL, 'N' },
	{ "Sydney", NULL, 'C' },
	{ "Syria", NULL, 'N' },
	{ "São Paulo", NULL, 'C' },
	{ "Tabriz", NULL, 'C' },
	{ "Taipei", NULL, 'C' },
	{ "Taiwan", NULL, 'N' },
	{ "Tajikistan", NULL, 'N' },
	{ "Tallinn", NULL, 'C' },
	{ "Tamale", NULL, 'C' },
	{ "Tampa", NULL, 'C' },
	{ "Tampere", NULL, 'C' },
	{ "Tangier", NULL, 'C' },
	{ "Tanzania", NULL, 'N' },
	{ "Tartu", NULL, 'C' },
	{ "Tashkent", NULL, 'C' },
	{ "Tasmania", NULL, 'N' },
	{ "Tbilisi", NULL, 'C' },
	{ "Tegucigalpa", NULL, 'C' },
	{ "Tehran", NULL, 'C' },
	{ "Tel Aviv", NULL, 'C' },
	{ "Tennessee", NULL, 'N' },
	{ "Texas", NULL, 'N' },
	{ "Thailand", NULL, 'N' },
	{ "The Hague", NULL, 'C' },
	{ "Thessaloniki", NULL, 'C' },
	{ "Thimphu", NULL, 'C' },
	{ "Tianjin", NULL, 'C' },
	{ "Tibet", NULL, 'N' },
	{ "Tigray", NULL, 'N' },
	{ "Tijuana", NULL, 'C' },
	{ "Timbuktu", NULL, 'C' },
	{ "Timisoara", NULL, 'C' },
	{ "Timor-Leste", NULL, 'N' },
	{ "Tirana", NULL, 'C' },
	{ "Togo", NULL, 'N' },
	{ "Tokyo", NULL, 'C' },
	{ "Tonga", NULL, 'N' },
	{ "Toronto", NULL, 'C' },
	{ "Toulouse", NULL, 'C' },
	{ "Trieste", NULL, 'C' },
	{ "Trinidad and Tobago", NULL, 'N' },
	{ "Tripoli", NULL, 'C' },
	{ "Tromso", NULL, 'C' },
	{ "Tromsø", NULL, 'C' },
	{ "Trondheim", NULL, 'C' },
	{ "Trujillo", NULL, 'C' },
	{ "Tunis", NULL, 'C' },
	{ "Tunisia", NULL, 'N' },
	{ "Turin", NULL, 'C' },
	{ "Turkey", NULL, 'N' },
	{ "Turkmenistan", NULL, 'N' },
	{ "Turku", NULL, 'C' },
	{ "Tuscany", NULL, 'N' },
	{ "Tuvalu", NULL, 'N' },
	{ "UAE", NULL, 'N' },
	{ "Uganda", NULL, 'N' },
	{ "UK", NULL, 'N' },
	{ "Ukraine", NULL, 'N' },
	{ "Ulaanbaatar", NULL, 'C' },
	{ "Ulan Bator", NULL, 'C' },
	{ "UN Headquarters", "UN Headquarters, New York", 'V' },
	{ "UN Office at Geneva", "Geneva", 'V' },
	{ "United Arab Emirates", NULL, 'N' },
	{ "United Kingdom", NULL, 'N' },
	{ "United Nations Headquarters", "United Nations Headquarters, New York", 'V' },
	{ "United Nations Office at Geneva", "Geneva", 'V' },
	{ "United States", NULL, 'N' },
	{ "United States of America", NULL, 'N' },
	{ "Uppsala", NULL, 'C' },
	{ "Uruguay", NULL, 'N' },
	{ "USA", NULL, 'N' },
	{ "Utah", NULL, 'N' },
	{ "Utrecht", NULL, 'C' },
	{ "Uzbekistan", NULL, 'N' },
	{ "Vaduz", NULL, 'C' },
	{ "Valencia", NULL, 'C' },
	{ "Valletta", NULL, 'C' },
	{ "Valparaiso", NULL, 'C' },
	{ "Valparaíso", NULL, 'C' },
	{ "Vancouver", NULL, 'C' },
	{ "Vanuatu", NULL, 'N' },
	{ "Varna", NULL, 'C' },
	{ "Venezuela", NULL, 'N' },
	{ "Venice", NULL, 'C' },
	{ "Veracruz", NULL, 'C' },
	{ "Vermont", NULL, 'N' },
	{ "Verona", NULL, 'C' },
	{ "Vienna", NULL, 'C' },
	{ "Vienna International Centre", "Vienna International Centre, Vienna", 'V' },
	{ "Vientiane", NULL, 'C' },
	{ "Vietnam", NULL, 'N' },
	{ "Vilnius", NULL, 'C' },
	{ "Virginia", NULL, 'N' },
	{ "Vladivostok", NULL, 'C' },
	{ "Wales", NULL, 'N' },
	{ "Wallonia", NULL, 'N' },
	{ "Walvis Bay", NULL, 'C' },
	{ "Warsaw", NULL, 'C' },
	{ "Washington", NULL, 'C' },
	{ "Washington D.C.", "Washington, DC", 'V' },
	{ "Washington DC", "Washington, DC", 'V' },
	{ "Washington, D.C.", "Washington, DC", 'V' },
	{ "Washington, DC", "Washington, DC", 'V' },
	{ "Wellington", NULL, 'C' },
	{ "West Bank", NULL, 'N' },
	{ "West Virginia", NULL, 'N' },
	{ "Western Australia", NULL, 'N' },
	{ "Western Sahara", NULL, 'N' },
	{ "Windhoek", NULL, 'C' },
	{ "Winnipeg", NULL, 'C' },
	{ "Wisconsin", NULL, 'N' },
	{ "Wroclaw", NULL, 'C' },
	{ "Wrocław", NULL, 'C' },
	{ "Wuhan", NULL, 'C' },
	{ "Wyoming", NULL, 'N' },
	{ "Xinjiang", NULL, 'N' },
	{ "Yamoussoukro", NULL, 'C' },
	{ "Yangon", NULL, 'C' },
	{ "Yaounde", NULL, 'C' },
	{ "Yaoundé", NULL, 'C' },
	{ "Yekaterinburg", NULL, 'C' },
	{ "Yemen", NULL, 'N' },
	{ "Yerevan", NULL, 'C' },
	{ "Yogyakarta", NULL, 'C' },
	{ "Yokohama", NULL, 'C' },
	{ "Zagreb", NULL, 'C' },
	{ "Zambia", NULL, 'N' },
	{ "Zanzibar", NULL, 'C' },
	{ "Zaragoza", NULL, 'C' },
	{ "Zimbabwe", NULL, 'N' },
	{ "Zinder", NULL, 'C' },
	{ "Zurich", NULL, 'C' },
	{ "Zürich", NULL, 'C' },
};

const chr_place *chr_place_table(size_t *n)
{
	*n = CHR_ARRAY_LEN(places);
	return places;
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Compares a NUL-terminated name with s[0..len), ASCII case folded. */
static int cmp_name(const char *name, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = fold((unsigned char)name[i]), b = fold((unsigned char)s[i]);
		if (name[i] == '\0')
			return -1;
		if (a != b)
			return a < b ? -1 : 1;
	}
	return name[len] == '\0' ? 0 : 1;
}

const chr_place *chr_place_lookup(const char *s, size_t len, bool nocase)
{
	size_t lo = 0, hi = CHR_ARRAY_LEN(places);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_name(places[mid].name, s, len);
		if (c == 0) {
			/* Case matters in prose: "nice" and "chad" are no places. */
			if (!nocase && memcmp(places[mid].name, s, len) != 0)
				return NULL;
			return &places[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* The word ending at text[e) (letters only) and its start. */
static size_t word_before(const char *text, size_t lo, size_t e)
{
	size_t w = e;
	while (w > lo && ((text[w - 1] >= 'a' && text[w - 1] <= 'z') ||
	                  (text[w - 1] >= 'A' && text[w - 1] <= 'Z') ||
	                  (unsigned char)text[w - 1] >= 0x80))
		w--;
	return w;
}

static size_t skip_back_space(const char *text, size_t lo, size_t p)
{
	for (;;) {
		if (p > lo && (text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\n'))
			p--;
		else if (p >= lo + 2 && (unsigned char)text[p - 2] == 0xc2 &&
		         (unsigned char)text[p - 1] == 0xa0)
			p -= 2;
		else
			return p;
	}
}

static bool word_is(const char *text, size_t w, size_t e, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == e - w && cmp_name(list[i], text + w, e - w) == 0)
			return true;
	return false;
}

static const char *const locatives[] = { "across", "along", "at",     "in",
                                         "inside", "near",  "outside", "within" };

/* True when a locative preposition (maybe with "the") stands right before
 * text[p), or opens the name phrase that a comma after it closes: "at the
 * INTERPOL Global Complex for Innovation, Singapore". */
static bool locative_before(const char *text, size_t lo, size_t p)
{
	static const char *const joins[] = { "and", "de", "des", "du", "for", "of",
	                                     "on", "the" };
	size_t e0 = skip_back_space(text, lo, p), e = e0;
	size_t w = word_before(text, lo, e);
	/* "at the university's Field Station": the owner before the name */
	if (e - w == 1 && text[w] == 's') {
		size_t q = w > lo && text[w - 1] == '\'' ? w - 1
		         : w >= lo + 3 && memcmp(text + w - 3, "\xe2\x80\x99", 3) == 0 ? w - 3 : w;
		size_t w1 = q < w ? word_before(text, lo, q) : q;
		if (w1 < q && text[w1] >= 'a' && text[w1] <= 'z') {
			size_t e2 = skip_back_space(text, lo, w1), w2 = word_before(text, lo, e2);
			if (w2 < e2 && cmp_name("the", text + w2, e2 - w2) == 0) {
				e = e2;
				w = w2;
			}
		}
	}
	/* "in central Lima", "at its Pittsburgh headquarters": a part of
	 * the place, or its owner, between the preposition and the name */
	static const char *const between[] = { "central", "downtown", "eastern", "her",
	                                       "his", "its", "northern", "our", "southern",
	                                       "their", "western" };
	if (w < e && text[w] >= 'a' && text[w] <= 'z' &&
	    word_is(text, w, e, between, CHR_ARRAY_LEN(between))) {
		e = skip_back_space(text, lo, w);
		w = word_before(text, lo, e);
	}
	if (w < e && (cmp_name("the", text + w, e - w) == 0 || cmp_name("a", text + w, e - w) == 0 ||
	              cmp_name("an", text + w, e - w) == 0)) {
		e = skip_back_space(text, lo, w);
		w = word_before(text, lo, e);
	}
	if (w < e && word_is(text, w, e, locatives, CHR_ARRAY_LEN(locatives))) {
		/* "musicians from across the UK": where they come from */
		size_t e1 = skip_back_space(text, lo, w), w1 = word_before(text, lo, e1);
		return !(e1 - w1 == 4 && memcmp(text + w1, "from", 4) == 0);
	}
	/* "a workshop is planned for Nairobi" */
	if (w < e && e - w == 3 && memcmp(text + w, "for", 3) == 0) {
		static const char *const plans[] = { "due", "planned", "scheduled", "set",
		                                     "slated" };
		size_t e2 = skip_back_space(text, lo, w), w2 = word_before(text, lo, e2);
		if (w2 < e2 && word_is(text, w2, e2, plans, CHR_ARRAY_LEN(plans)))
			return true;
	}
	if (e0 == lo || text[e0 - 1] != ',')
		return false;
	/* Back over a capitalised name phrase to its preposition. */
	e = skip_back_space(text, lo, e0 - 1);
	for (int k = 0; k < 10 && e > lo; k++) {
		w = word_before(text, lo, e);
		if (w == e) {
			/* Digits and hyphens inside a name ("I-24/7") end the phrase. */
			return false;
		}
		if (word_is(text, w, e, locatives, CHR_ARRAY_LEN(locatives)))
			return k > 0;
		if (!is_upper(text[w]) && !word_is(text, w, e, joins, CHR_ARRAY_LEN(joins)))
			return false;
		e = skip_back_space(text, lo, w);
		if (e < w && e > lo && text[e - 1] == '-')
			return false;
	}
	return false;
}

/* Verbs of going that put a happening at the "to" place after them:
 * "will travel to Nairobi", "the festival returns to Berlin". */
static bool motion_before(const char *text, size_t lo, size_t p)
{
	static const char *const verbs[] = { "come", "comes", "coming", "deported",
	                                     "extradited", "flown", "go", "goes", "going",
	                                     "head", "heads", "heading", "moved", "relocated",
	                                     "return", "returned", "returning", "returns",
	                                     "transferred", "travel", "travelled",
	                                     "traveling", "travelling", "travels",
	                                     /* "a working visit to Walvis Bay" */
	                                     "mission", "trip", "visit", "visits" };
	size_t e = skip_back_space(text, lo, p), w = word_before(text, lo, e);
	/* "travels to the Cincinnati Art Museum" */
	if (e - w == 3 && memcmp(text + w, "the", 3) == 0) {
		e = skip_back_space(text, lo, w);
		w = word_before(text, lo, e);
	}
	if (e - w != 2 || memcmp(text + w, "to", 2) != 0)
		return false;
	e = skip_back_space(text, lo, w);
	w = word_before(text, lo, e);
	return w < e && word_is(text, w, e, verbs, CHR_ARRAY_LEN(verbs));
}

/* Where a happening starts from is where it happens: "starting at 07:30
 * from Passeig de la Devesa", "lift off from Vandenberg", "the parade
 * steps off at 9:30 a.m. on 25 May from Main Street". "from" (maybe with
 * "the") before text[p), and a verb of setting out among the eight words
 * before it. */
static bool departure_before(const char *text, size_t lo, size_t p)
{
	static const char *const verbs[] = { "depart", "departing", "departs", "launch",
	                                     "launches", "launching", "leave", "leaves",
	                                     "leaving", "off", "sail", "sails", "start",
	                                     "starting", "starts" };
	size_t e = skip_back_space(text, lo, p), w = word_before(text, lo, e);
	if (e - w == 3 && memcmp(text + w, "the", 3) == 0) {
		e = skip_back_space(text, lo, w);
		w = word_before(text, lo, e);
	}
	if (e - w != 4 || memcmp(text + w, "from", 4) != 0)
		return false;
	for (int k = 0; k < 8 && w > lo; k++) {
		e = skip_back_space(text, lo, w);
		/* a time of day or a comma between: "at 07:30", "10:30," */
		size_t q = e;
		while (q > lo && text[q - 1] != ' ' && text[q - 1] != '\n')
			q--;
		w = word_before(text, lo, e);
		if (w < e && w == q && word_is(text, w, e, verbs, CHR_ARRAY_LEN(verbs)))
			return true;
		if (q == e)
			return false;
		w = q;
	}
	return false;
}

/* A lowercase happening right after the name: "the Geneva talks", "the
 * Lisbon summit". */
static bool event_noun_after(const char *text, size_t p, size_t end)
{
	static const char *const nouns[] = { "ceremony", "conference", "congress",
	                                     "consultations", "fair", "festival", "forum",
	                                     "marathon", "meeting", "round", "session",
	                                     "summit", "symposium", "talks", "workshop" };
	/* one word may qualify it: "the New York press conference" */
	for (int k = 0; k < 2; k++) {
		if (p >= end || text[p] != ' ')
			return false;
		size_t a = p + 1, e = a;
		while (e < end && text[e] >= 'a' && text[e] <= 'z')
			e++;
		if (e == a)
			return false;
		if ((e == end || !is_alnum(text[e])) && word_is(text, a, e, nouns, CHR_ARRAY_LEN(nouns)))
			return true;
		p = e;
	}
	return false;
}

/* "Kigali will host the summit", "Lisbon hosts": the place is the host. */
static bool hosts_after(const char *text, size_t p, size_t end)
{
	static const char *const hosts[] = { " hosted ", " hosts ", " is hosting ",
	                                     " to host ", " will host ", " welcomes ",
	                                     " will welcome " };
	for (size_t k = 0; k < CHR_ARRAY_LEN(hosts); k++) {
		size_t n = strlen(hosts[k]);
		if (p + n <= end && memcmp(text + p, hosts[k], n) == 0)
			return true;
	}
	return false;
}

/* The last word of a venue's name. */
static const char *const venues[] = {
	"Abbey", "Airport", "Amphitheatre", "Arena", "Auditorium", "Avenue", "Ballroom",
	"Basilica", "Boulevard", "Bridge", "Building", "Campus", "Castle", "Cathedral",
	"Center", "Centre", "Chambers", "Chapel", "Church", "Cinema", "Circuit", "Club",
	"Complex", "Court", "Courthouse", "Exchange", "Field", "Fairgrounds", "Gallery", "Gardens", "Green",
	"Ground", "Grounds", "Hall", "Harbour", "Hotel", "House", "Lane", "Library", "Market",
	"Museum", "Palace", "Park", "Pavilion", "Pier", "Plaza", "Quay", "Racecourse",
	"Road", "Square", "Stadium", "Station", "Street", "Theater", "Theatre", "Velodrome"
};

/* The venue words that name a street, where a happening is "on" it. */
static const char *const streets[] = { "Avenue", "Boulevard", "Lane", "Road", "Street" };

bool chr_place_venue_name(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.'))
		len--;
	size_t w = word_before(s, 0, len);
	return w < len && is_upper(s[w]) && word_is(s, w, len, venues, CHR_ARRAY_LEN(venues));
}

/* Capitalised words after a name that end in a venue: "Convention
 * Centre", "International Stadium". */
static bool venue_after(const char *text, size_t p, size_t end)
{
	for (int k = 0; k < 5 && p + 1 < end && text[p] == ' ' && is_upper(text[p + 1]); k++) {
		size_t a = p + 1, e = a;
		while (e < end && is_alnum(text[e]))
			e++;
		if (word_is(text, a, e, venues, CHR_ARRAY_LEN(venues)))
			return true;
		p = e;
	}
	return false;
}

/* The longest gazetteer name at text[i), or NULL; *n gets its length.
 * What chr_place_lookup(text + i, j, false) would say for each j, but in
 * one walk: the names that begin as text[i..i+j) does form a run of the
 * sorted table, which each further byte narrows by bisection, and when
 * the run is empty no longer name can match. */
static const chr_place *match_at(const char *text, size_t i, size_t end, size_t *n)
{
	const chr_place *best = NULL;
	size_t lim = end - i < 48 ? end - i : 48;
	size_t lo = 0, hi = CHR_ARRAY_LEN(places);
	for (size_t j = 1; j <= lim; j++) {
		unsigned char c = fold((unsigned char)text[i + j - 1]);
		if (c == 0)
			break; /* no name holds a NUL */
		/* the run shares j - 1 bytes; byte j - 1 orders it, a name
		 * that ends there (its NUL) first */
		size_t a = lo, b = hi;
		while (a < b) {
			size_t mid = a + (b - a) / 2;
			if (fold((unsigned char)places[mid].name[j - 1]) < c)
				a = mid + 1;
			else
				b = mid;
		}
		lo = a;
		b = hi;
		while (a < b) {
			size_t mid = a + (b - a) / 2;
			if (fold((unsigned char)places[mid].name[j - 1]) <= c)
				a = mid + 1;
			else
				b = mid;
		}
		hi = a;
		if (lo == hi)
			break;
		size_t at = i + j;
		if (at < end && (is_alnum(text[at]) || (unsigned char)text[at] >= 0x80))
			continue;
		/* A period is part of "D.C." but ends "Lyon." The name of
		 * exactly j bytes sorts first in the run; case matters in
		 * prose, as chr_place_lookup has it. */
		if (places[lo].name[j] == '\0' && memcmp(places[lo].name, text + i, j) == 0) {
			best = &places[lo];
			*n = j;
		}
	}
	return best;
}

/* Capitalised words that follow "in" and name no place: institutions,
 * languages, times of the year, rooms. Sorted for bsearch. */
static const char *const not_places[] = {
	"Accordance", "Addition", "Advance", "Advent", "Amharic", "April", "Arabic",
	"Assembly", "August", "Autumn", "Bengali", "Brief", "Building", "Cabinet",
	"Camera", "Chamber", "Chambers", "Chinese", "Christmas", "Collaboration",
	"Commission", "Committee", "Congress", "Conjunction", "Cooperation",
	"Council", "Court", "Creole", "Custody", "Dari", "December", "Dutch",
	"Easter", "English", "Farsi", "February", "Fall", "Force", "French",
	"Friday", "General", "German", "Government", "Greek", "Hall", "Hausa",
	"Headquarters", "Hebrew", "Hindi", "Honor", "Honour", "Indonesian",
	"Italian", "January", "Japanese", "July", "June", "Kinyarwanda",
	"Korean", "Latin", "Lent", "Malay", "March", "May", "Memory", "Ministry",
	"Monday", "November", "October", "Office", "Order", "Parallel",
	"Parliament", "Partnership", "Pashto", "Persian", "Person", "Plenary",
	"Polish", "Portuguese", "Practice", "Principle", "Private", "Public",
	"Ramadan", "Response", "Room", "Russian", "Saturday", "Secretariat",
	"Senate", "September", "Session", "Somali", "Spanish", "Spring",
	"Summer", "Sunday", "Support", "Swahili", "Tagalog", "Tamil", "Thai",
	"Thursday", "Tribute", "Tuesday", "Turkish", "Ukrainian", "Urdu",
	"Vietnamese", "Wednesday", "Winter", "Wolof", "Writing"
};

/* Words before "in X" that say something happens at X: "was held in X",
 * "will meet in X", "the concert in X". */
static const char *const happen_words[] = {
	"adopted", "arrive", "arrived", "arrives", "briefing", "celebrated",
	"ceremony", "concert", "conference", "congress", "convene", "convened",
	"convenes", "convening", "event", "exhibition", "festival", "forum",
	"gather", "gathered", "gathering", "gathers", "held", "hold", "holding",
	"holds", "hosted", "inaugurated", "launched", "meet", "meeting", "meets",
	"met", "open", "opened", "opens", "rally", "retreat", "seminar", "session", "signed",
	"staged", "summit", "symposium", "talks", "workshop"
};

/* Tokens a date phrase between the happening and "in X" is made of:
 * "held on 3-4 May 2019 in X", "meet on Monday in X". */
static const char *const date_words[] = {
	"and", "apr", "april", "aug", "august", "between", "dec", "december",
	"early", "feb", "february", "friday", "from", "jan", "january", "jul",
	"july", "jun", "june", "late", "mar", "march", "may", "mid", "monday",
	"next", "nov", "november", "oct", "october", "of", "on", "saturday",
	"sep", "sept", "september", "sunday", "the", "this", "thursday", "to",
	"tomorrow", "tuesday", "until", "wednesday", "week"
};

static int cmp_word(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

/* True when the lowercase word text[w..e) stands in the sorted list. */
static bool listed(const char *text, size_t w, size_t e, const char *const *list, size_t n)
{
	char word[24];
	if (e - w >= sizeof word)
		return false;
	memcpy(word, text + w, e - w);
	word[e - w] = '\0';
	return bsearch(word, list, n, sizeof list[0], cmp_word) != NULL;
}

/* The happening word before "in" at text[p), over a date phrase that the
 * title leaves out: "The forum will take place on 4-5 March in X". */
static bool happens_before(const char *text, size_t lo, size_t p)
{
	size_t e = skip_back_space(text, lo, p);
	for (int k = 0; k < 10 && e > lo; k++) {
		size_t w = e;
		while (w > lo && !(text[w - 1] == ' ' || text[w - 1] == '\t' ||
		                   text[w - 1] == '\n' || (unsigned char)text[w - 1] == 0xa0))
			w--;
		/* "3-4", "2019,", "4th", an en dash: the date's own tokens. */
		bool date = (text[w] >= '0' && text[w] <= '9') || (unsigned char)text[w] == 0xe2 ||
		            text[w] == '-' || text[w] == '(' || text[w] == ')';
		size_t we = e;
		while (we > w && (text[we - 1] == ',' || text[we - 1] == ')' ||
		                  (text[we - 1] == '.' && we - w <= 5))) /* "Nov." */
			we--;
		char low[24];
		size_t n = we - w;
		if (!date && n > 0 && n < sizeof low) {
			for (size_t i = 0; i < n; i++)
				low[i] = (char)fold((unsigned char)text[w + i]);
			date = listed(low, 0, n, date_words, CHR_ARRAY_LEN(date_words));
		}
		if (!date) {
			if (we != e || w == we)
				return false; /* a comma ends the phrase */
			if (listed(text, w, we, happen_words, CHR_ARRAY_LEN(happen_words)))
				return true;
			/* "take place", "took place", "taking place" */
			if (n == 5 && memcmp(text + w, "place", 5) == 0) {
				size_t e2 = skip_back_space(text, lo, w), w2 = word_before(text, lo, e2);
				return (e2 - w2 >= 4 && memcmp(text + w2, "tak", 3) == 0) ||
				       (e2 - w2 == 4 && memcmp(text + w2, "took", 4) == 0);
			}
			return false;
		}
		e = skip_back_space(text, lo, w);
	}
	return false;
}

/* "the Old Market Square in", "at Town Hall in": a venue's name, in
 * capitals after "the" or "at", right before p's "in". The city it is in
 * is a place even when the gazetteer lacks it. */
static bool named_venue_before(const char *text, size_t lo, size_t p)
{
	size_t e = skip_back_space(text, lo, p);
	for (int k = 0; k < 6 && e > lo; k++) {
		size_t w = word_before(text, lo, e);
		if (w == e)
			return false;
		if (k > 0 && (cmp_name("the", text + w, e - w) == 0 ||
		              cmp_name("at", text + w, e - w) == 0) && text[w] >= 'a' && text[w] <= 'z')
			return true;
		if (!is_upper(text[w]))
			return false;
		e = skip_back_space(text, lo, w);
		if (e == w)
			return false;
	}
	return false;
}

/* ", Ill.", ", Colo.": a US state as the news agencies abbreviate it,
 * after a town's name at text[p), which makes the town a place. */
static bool state_after(const char *text, size_t p, size_t end)
{
	static const char *const states[] = {
		"Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.",
		"Ill.", "Ind.", "Kan.", "Ky.", "La.", "Mass.", "Md.", "Mich.", "Minn.", "Miss.",
		"Mo.", "Mont.", "N.C.", "N.D.", "N.H.", "N.J.", "N.M.", "N.Y.", "Neb.", "Nev.",
		"Okla.", "Ore.", "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.", "Tex.", "Va.", "Vt.",
		"W.Va.", "Wash.", "Wis.", "Wyo."
	};
	if (p + 2 >= end || text[p] != ',' || text[p + 1] != ' ')
		return false;
	p += 2;
	for (size_t k = 0; k < CHR_ARRAY_LEN(states); k++) {
		size_t n = strlen(states[k]);
		if (p + n <= end && memcmp(text + p, states[k], n) == 0 &&
		    (p + n == end || !is_alnum(text[p + n])))
			return true;
	}
	return false;
}

/* A place the gazetteer lacks: one capitalised word after a lowercase
 * "in" where the sentence says something happens there ("was held in
 * Salzburg"). Organisations ("in Member States"), possessives, compounds,
 * rooms ("in Hall 4") and the not_places words are refused. Its length,
 * or 0. */
static size_t unknown_place(const char *text, size_t lo, size_t end, size_t i)
{
	if (!is_upper(text[i]))
		return 0;
	size_t j = i + 1;
	while (j < end && ((text[j] >= 'a' && text[j] <= 'z') || (unsigned char)text[j] >= 0x80)) {
		if ((unsigned char)text[j] == 0xe2)
			break; /* a curly quote or a dash, not a letter */
		j++;
	}
	bool curly_s = j + 2 < end && (unsigned char)text[j] == 0xe2 &&
	               (unsigned char)text[j + 2] == 0x99; /* "X’s" */
	if (j - i < 3 || (j < end && (is_alnum(text[j]) || text[j] == '-' || text[j] == '\'' ||
	                              curly_s)))
		return 0;
	if (j + 1 < end && text[j] == ' ' && (is_upper(text[j + 1]) ||
	                                      (text[j + 1] >= '0' && text[j + 1] <= '9')))
		return 0;
	if (listed(text, i, j, not_places, CHR_ARRAY_LEN(not_places)))
		return 0;
	/* "a Boxing Day trip to Pittodrie", "will travel to Kigoma", "will
	 * lift off from Kourou" */
	if (motion_before(text, lo, i) || departure_before(text, lo, i))
		return j - i;
	size_t e = skip_back_space(text, lo, i), w = word_before(text, lo, e);
	if (e - w != 2 || memcmp(text + w, "in", 2) != 0 || e == i)
		return 0;
	return happens_before(text, lo, w) || named_venue_before(text, lo, w) ||
	               state_after(text, j, end)
	           ? j - i
	           : 0;
}

/* "on" before text[i), maybe with "the" and a word between: "begin on
 * Ecclesall Road", "on the adjacent Sharrow Vale Road". */
static bool on_before(const char *text, size_t lo, size_t i)
{
	size_t e = skip_back_space(text, lo, i), w = word_before(text, lo, e);
	for (int k = 0; k < 3 && w < e; k++) {
		if (e - w == 2 && memcmp(text + w, "on", 2) == 0)
			return true;
		if (text[w] < 'a' || text[w] > 'z')
			return false;
		e = skip_back_space(text, lo, w);
		w = word_before(text, lo, e);
	}
	return false;
}

/* "at the Central Library", "at Riverside Park": a venue the gazetteer
 * lacks, up to five capitalised words that end in a venue's word, right
 * after a locative. Its length, or 0. */
static size_t unlisted_venue(const char *text, size_t lo, size_t end, size_t i)
{
	bool locative = locative_before(text, lo, i) || motion_before(text, lo, i) ||
	                departure_before(text, lo, i);
	if (!locative && !on_before(text, lo, i))
		return 0;
	/* the last venue word of the name: "Marine Field Station" */
	size_t p = i, found = 0;
	for (int k = 0; k < 5 && p < end && is_upper(text[p]); k++) {
		size_t e = p;
		while (e < end && (is_alnum(text[e]) || text[e] == '\''))
			e++;
		if (k > 0 && word_is(text, p, e, locative ? venues : streets,
		                     locative ? CHR_ARRAY_LEN(venues) : CHR_ARRAY_LEN(streets)) &&
		    !(e < end && (is_alnum(text[e]) || text[e] == '-')))
			found = e - i;
		if (e + 1 >= end || text[e] != ' ')
			break;
		p = e + 1;
	}
	return found;
}

/* "the Palau de Fires", "the Parc de la Devesa", "the Palacio de
 * Justicia", "the Piazza del Duomo": a venue named the Romance way, its
 * word first, then a particle and capitalised words, right after a
 * locative. Its length, or 0. */
static size_t romance_venue(const char *text, size_t lo, size_t end, size_t i)
{
	/* in byte order, as written (UTF-8), with their lengths: every
	 * capitalised word of a sentence is tried */
#define LEAD(s) { s, sizeof(s) - 1 }
	static const struct {
		const char *s;
		size_t n;
	} leads[] = {
		LEAD("Auditori"), LEAD("Auditorio"), LEAD("Castell"), LEAD("Castello"),
		LEAD("Castillo"), LEAD("Centro"), LEAD("Ch\xc3\xa2teau"), LEAD("Estadi"),
		LEAD("Estadio"), LEAD("Iglesia"), LEAD("Mus\xc3\xa9\x65"), LEAD("Museo"),
		LEAD("Palacio"), LEAD("Palais"), LEAD("Palau"), LEAD("Palazzo"), LEAD("Parc"),
		LEAD("Parque"), LEAD("Paseo"), LEAD("Passeig"), LEAD("Piazza"), LEAD("Place"),
		LEAD("Pla\xc3\xa7\x61"), LEAD("Plaza"), LEAD("Pont"), LEAD("Porta"), LEAD("Sala"),
		LEAD("Stade"), LEAD("Teatre"), LEAD("Teatro"), LEAD("Th\xc3\xa9\xc3\xa2tre")
	};
#undef LEAD
	static const char *const particles[] = { "da", "das", "de", "dei", "del", "della",
	                                         "des", "di", "do", "dos", "du", "la",
	                                         "las", "le", "les", "los" };
	size_t e = i, last = 0;
	while (e < end && (is_alnum(text[e]) || (unsigned char)text[e] >= 0x80))
		e++;
	/* every particle begins with d or l: most words end here */
	if (e + 1 >= end || text[e] != ' ' || (text[e + 1] != 'd' && text[e + 1] != 'l'))
		return 0;
	bool lead = false;
	for (size_t k = 0; k < CHR_ARRAY_LEN(leads) && !lead; k++)
		lead = leads[k].n == e - i && leads[k].s[0] == text[i] &&
		       memcmp(leads[k].s, text + i, e - i) == 0;
	if (!lead)
		return 0;
	bool particle = false;
	for (int k = 0; k < 6 && e + 1 < end && text[e] == ' '; k++) {
		size_t a = e + 1, b = a;
		while (b < end && (is_alnum(text[b]) || (unsigned char)text[b] >= 0x80))
			b++;
		if (b == a)
			break;
		if (text[a] >= 'a' && text[a] <= 'z' &&
		    word_is(text, a, b, particles, CHR_ARRAY_LEN(particles)))
			particle = true;
		else if (particle && (is_upper(text[a]) || (unsigned char)text[a] == 0xc3))
			last = b;
		else
			break;
		e = b;
	}
	if (!last || !(locative_before(text, lo, i) || departure_before(text, lo, i)))
		return 0;
	return last - i;
}

/* A country is usually the wider frame of a sentence ("in France ... in
 * Paris"): it wins only when it is clearly nearer than any city. */
#define COUNTRY_PENALTY 40

/* Stands for a place found by unknown_place; its name is in the text. */
static const chr_place unlisted = { "", NULL, 'C' };

typedef struct candidate {
	const chr_place *place;
	size_t pos, len;
} candidate;

static bool is_citylike(const chr_place *p)
{
	return p->kind == 'C' || p->kind == 'V';
}

static size_t distance(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

chr_status chr_place_find(chr_buf *b, const char *text, size_t start,
                          size_t end, size_t at, bool *found)
{
	chr_status rc = CHR_OK;
	candidate best = { NULL, 0, 0 }, best_country = { NULL, 0, 0 };
	candidate prev = { NULL, 0, 0 }, venue_before = { NULL, 0, 0 };
	candidate venue_only = { NULL, 0, 0 }; /* unlisted_venue, when nothing else is */
	const chr_place *after_best = NULL;

	*found = false;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)text[i];
		if (!(is_upper((char)c) || c == 0xc3) || (i > start && is_alnum(text[i - 1])))
			continue;
		size_t n = 0, rn;
		const chr_place *p = match_at(text, i, end, &n);
		if ((!p || p->kind != 'V') && !venue_only.place &&
		    (rn = romance_venue(text, start, end, i)) > 0) {
			/* a name, not the country it begins with ("Palau") */
			venue_only = (candidate){ &unlisted, i, rn };
			i += rn - 1;
			continue;
		}
		if (!p) {
			if ((n = unknown_place(text, start, end, i)) == 0) {
				if (!venue_only.place && (n = unlisted_venue(text, start, end, i)) > 0)
					venue_only = (candidate){ &unlisted, i, n };
				continue;
			}
			p = &unlisted;
		}
		size_t after = i + n;
		bool based = after + 6 <= end && memcmp(text + after, "-based", 6) == 0;
		/* "Singapore Police Force", "Pakistan's Action": an organisation
		 * or a possessive, not a place. */
		bool org = (after + 1 < end && text[after] == ' ' && is_upper(text[after + 1])) ||
		           (after + 1 < end && (text[after] == '\'' ||
		                                (unsigned char)text[after] == 0xe2) &&
		            (text[after + 1] == 's' || (after + 3 < end && text[after + 3] == 's'))) ||
		           (after < end && text[after] == '-' && !based);
		/* "at the Kigali Convention Centre": a venue named after its
		 * city is in that city. */
		bool venue = org && (locative_before(text, start, i) || motion_before(text, start, i)) &&
		             venue_after(text, after, end);
		bool ok = based || venue ||
		          (!org && (locative_before(text, start, i) || motion_before(text, start, i) ||
		                    departure_before(text, start, i) ||
		                    event_noun_after(text, after, end) || hosts_after(text, after, end)));
		/* "in Islamabad, Pakistan": a country right after a city is its
		 * qualifier, whatever stands before it. */
		if (!ok && !org && prev.place && is_citylike(prev.place) && p->kind == 'N' &&
		    prev.pos + prev.len + 2 == i && text[i - 2] == ',')
			ok = true;
		if (!ok) {
			i = after - 1;
			continue;
		}
		candidate cand = { p, i, n };
		if (p->kind == 'V' && p->display)
			venue_before = cand;
		if (is_citylike(p)) {
			if (!best.place || distance(i, at) < distance(best.pos, at)) {
				best = cand;
				after_best = NULL;
			}
		} else if (prev.place && prev.place == best.place && prev.pos == best.pos &&
		           prev.pos + prev.len + 2 == i) {
			after_best = p;
		} else if (!best_country.place || distance(i, at) < distance(best_country.pos, at)) {
			best_country = cand;
		}
		prev = cand;
		i = after - 1;
	}
	if (best.place && best_country.place &&
	    distance(best_country.pos, at) + COUNTRY_PENALTY < distance(best.pos, at))
		best.place = NULL;
	if (!best.place && !best_country.place)
		best = venue_only;
	/* "a week in the Netherlands before returning for a friendly at
	 * Station Park on 4 July": a venue nearer the date than the country
	 * that frames the sentence is where it happens */
	if (!best.place && best_country.place && venue_only.place &&
	    distance(venue_only.pos, at) < distance(best_country.pos, at)) {
		best = venue_only;
		best_country.place = NULL;
	}
	/* "at the Palais des Nations in Geneva": the venue, which names its
	 * city, says more than the city alone. */
	if (best.place && best.place != &unlisted && venue_before.place &&
	    venue_before.pos + venue_before.len + 4 == best.pos &&
	    memcmp(text + venue_before.pos + venue_before.len, " in ", 4) == 0) {
		const char *d = venue_before.place->display;
		size_t dl = d ? strlen(d) : 0, nl = strlen(best.place->name);
		if (dl > nl && memcmp(d + dl - nl, best.place->name, nl) == 0)
			best = venue_before;
	}
	if (best.place) {
		const chr_place *p = best.place;
		if (p == &unlisted)
			CHECK(chr_buf_add(b, text + best.pos, best.len));
		else
			CHECK(chr_buf_adds(b, p->display ? p->display : p->name));
		if (after_best && p->kind == 'C') {
			CHECK(chr_buf_adds(b, ", "));
			CHECK(chr_buf_adds(b, after_best->name));
		}
		*found = true;
	} else if (best_country.place) {
		const chr_place *p = best_country.place;
		CHECK(chr_buf_adds(b, p->display ? p->display : p->name));
		*found = true;
	}
cleanup:
	return rc;
}

/* A dateline name the gazetteer lacks, written in capitals: "ROSTOCK",
 * "PORT ELLEN". Appends it as a name ("Port Ellen") and returns true;
 * false for anything else, and for the words that open news lines in
 * capitals without naming a place ("UPDATE -", "BREAKING -"). */
/* "Girona", "Santa Cruz": one to three words, each a capital and then
 * small letters (or letters beyond ASCII), and none a word that opens a
 * line of a page without naming a place. */
static bool title_name(const char *t, size_t s, size_t e)
{
	static const char *const not_names[] = { "Posted", "Published", "Released", "Today",
	                                         "Updated" };
	if (e <= s || e - s > 40)
		return false;
	int words = 0;
	for (size_t i = s; i < e;) {
		if (!is_upper(t[i]) || ++words > 3)
			return false;
		size_t w = i++;
		while (i < e && ((t[i] >= 'a' && t[i] <= 'z') || (unsigned char)t[i] >= 0x80))
			i++;
		if (i - w < 3 || word_is(t, w, i, not_names, CHR_ARRAY_LEN(not_names)))
			return false;
		if (i < e && t[i] != ' ' && t[i] != '-')
			return false;
		if (i < e)
			i++;
	}
	return words > 0;
}

/* A dash closes the date at text[at) on its line, within a date's length
 * and before a sentence ends: "Girona, 23 July 2026 — Organisers ...". */
static bool dash_after(const char *text, size_t len, size_t at)
{
	for (size_t i = at; i < len && i < at + 40 && text[i] != '\n' && text[i] != '.'; i++)
		if (text[i] == ' ' && i + 1 < len &&
		    (text[i + 1] == '-' || chr_dash_len(text + i + 1, len - i - 1)))
			return true;
	return false;
}

/* The date at text[at) is all that is left of its line: "Noordwijk, the
 * Netherlands, 20 May 2026" on a line of its own. */
static bool date_ends_line(const char *text, size_t len, size_t at)
{
	size_t i = at;
	while (i < len && i < at + 32 && text[i] != '\n' &&
	       (is_alnum(text[i]) || text[i] == ' ' || text[i] == ',' || text[i] == '.'))
		i++;
	return i == len || text[i] == '\n' || text[i] == '\r';
}

static bool caps_name(chr_buf *b, const char *t, size_t s, size_t e, chr_status *rc)
{
	static const char *const not_names[] = {
		"ADVISORY", "ALERT", "ANALYSIS", "BREAKING", "CORRECTION", "EDITORIAL",
		"EXCLUSIVE", "FEATURE", "INTERVIEW", "LIVE", "MEDIA", "NEWS", "NOTE", "NOTICE",
		"OPINION", "PHOTOS", "PRESS", "RELEASE", "REPORT", "REVIEW", "UPDATE",
		"UPDATED", "URGENT", "VIDEO", "WATCH"
	};
	size_t letters = 0, words = 1;
	*rc = CHR_OK;
	if (e <= s || e - s > 40)
		return false;
	for (size_t i = s; i < e; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c >= 'A' && c <= 'Z')
			letters++;
		else if (c == ' ')
			words++;
		else if (c == 0xc3 && i + 1 < e && (unsigned char)t[i + 1] >= 0x80 &&
		         (unsigned char)t[i + 1] <= 0x9e && (unsigned char)t[i + 1] != 0x97)
			i++, letters++; /* À..Þ, not × */
		else if (c != '-' && c != '\'' && c != '.')
			return false;
	}
	if (letters < 3 || words > 4)
		return false;
	for (size_t k = 0; k < CHR_ARRAY_LEN(not_names); k++)
		if (strlen(not_names[k]) == e - s && memcmp(not_names[k], t + s, e - s) == 0)
			return false;
	bool start = true;
	for (size_t i = s; i < e && *rc == CHR_OK; i++) {
		unsigned char c = (unsigned char)t[i];
		char out[2] = { (char)c, 0 };
		size_t n = 1;
		if (c == 0xc3 && i + 1 < e) {
			out[1] = (char)((unsigned char)t[i + 1] + (start ? 0 : 0x20));
			n = 2;
			i++;
		} else if (c >= 'A' && c <= 'Z' && !start) {
			out[0] = (char)(c + 32);
		}
		*rc = chr_buf_add(b, out, n);
		start = c == ' ' || c == '-' || c == '\'';
	}
	return *rc == CHR_OK;
}

chr_status chr_place_dateline(chr_buf *b, const char *text, size_t len,
                              size_t date_offset, bool *found)
{
	*found = false;
	if (date_offset > len)
		return CHR_OK;
	size_t e = skip_back_space(text, 0, date_offset);
	/* "GENEVA, 14 March 2019 -" or "BANGKOK (18 November 2026) -" */
	if (e == 0 || (text[e - 1] != ',' && text[e - 1] != '('))
		return CHR_OK;
	e = skip_back_space(text, 0, e - 1);
	size_t s = e;
	while (s > 0 && text[s - 1] != '\n' && e - s <= 48)
		s--;
	if (s > 0 && text[s - 1] != '\n')
		return CHR_OK;
	while (s < e && (text[s] == ' ' || text[s] == '\t'))
		s++;
	/* "GENEVA/NEW YORK, 18 August 2027": filed from two places, the
	 * first leads */
	for (size_t k = s; k < e; k++)
		if (text[k] == '/') {
			e = skip_back_space(text, s, k);
			break;
		}
	if (e <= s)
		return CHR_OK;
	/* "GENEVA", "Singapore", or "Geneva, Switzerland". */
	const chr_place *p = chr_place_lookup(text + s, e - s, true);
	if (!p) {
		size_t c = s;
		while (c < e && text[c] != ',')
			c++;
		p = chr_place_lookup(text + s, c - s, true);
		if (!p) {
			chr_status rc = CHR_OK;
			*found = caps_name(b, text, s, c, &rc) ||
			         (title_name(text, s, c) &&
			          (dash_after(text, len, date_offset) ||
			           date_ends_line(text, len, date_offset)) &&
			          (rc = chr_buf_add(b, text + s, c - s)) == CHR_OK);
			return rc;
		}
	}
	*found = true;
	return chr_buf_adds(b, p->display ? p->display : p->name);
}

chr_status chr_place_dateline_undated(chr_buf *b, const char *text, size_t len,
                                      size_t *end, bool *found)
{
	*found = false;
	size_t lim = len < 1500 ? len : 1500;
	for (size_t s = 0; s < lim;) {
		size_t eol = s;
		while (eol < lim && text[eol] != '\n')
			eol++;
		size_t a = s;
		while (a < eol && (text[a] == ' ' || text[a] == '\t'))
			a++;
		/* the name in capitals: "BANGKOK", "ADDIS ABABA", "BELÉM" */
		size_t e = a, letters = 0;
		while (e < eol && e - a < 40) {
			unsigned char c = (unsigned char)text[e];
			if (c >= 'A' && c <= 'Z')
				letters++;
			else if (c >= 'a' && c <= 'z')
				break;
			else if (!(c == ' ' || c == '.' || c == '-' || c == '\'' || c >= 0x80))
				break;
			if (c == 0xe2)
				break; /* a dash */
			e++;
		}
		size_t ne = skip_back_space(text, a, e);
		if (letters >= 3 && ne > a) {
			const chr_place *p = chr_place_lookup(text + a, ne - a, true);
			size_t r = e;
			/* its country or state: "NAIROBI, Kenya (AP) —" */
			if (r + 2 < eol && text[r] == ',' && text[r + 1] == ' ' && is_upper(text[r + 2])) {
				size_t q = r + 2, words = 1;
				while (q < eol && q - r < 32) {
					char c = text[q];
					if ((c >= 'a' && c <= 'z') || is_upper(c) || c == '.')
						q++;
					else if (c == ' ' && q + 1 < eol && is_upper(text[q + 1]) && ++words <= 3)
						q++;
					else
						break;
				}
				size_t qe = q;
				while (q < eol && text[q] == ' ')
					q++;
				if (qe > r + 2 && q < eol &&
				    (text[q] == '(' || text[q] == '-' || (unsigned char)text[q] == 0xe2))
					r = q;
			}
			/* an agency in brackets: "NAIROBI (Example News) -" */
			if (r < eol && text[r] == '(') {
				while (r < eol && text[r] != ')' && r - e < 40)
					r++;
				if (r < eol && text[r] == ')')
					r++;
				while (r < eol && text[r] == ' ')
					r++;
			}
			size_t d = 0;
			if (r < eol && chr_dash_len(text + r, eol - r))
				d = 3;
			else if (r < eol && (text[r] == '-' || text[r] == ':'))
				d = 1;
			if (d && r > ne) {
				if (p) {
					*end = r + d;
					*found = true;
					return chr_buf_adds(b, p->display ? p->display : p->name);
				}
				chr_status rc;
				if (caps_name(b, text, a, ne, &rc)) {
					*end = r + d;
					*found = true;
				}
				return rc;
			}
		}
		s = eol + 1;
	}
	return CHR_OK;
}
